package dev.ali4j.cli;

import dev.ali4j.trainer.Versions;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ali} command line: training, export, evaluation and inference.
 *
 * <p>Every command, whatever module its work comes from, follows the same conventions:
 * <ul>
 *   <li>It prints through {@code spec.commandLine().getOut()}, never {@code System.out}, so that an
 *       app embedding it, or a test, can redirect what it prints (progress bars go to stderr).</li>
 *   <li>It fails by throwing an exception whose message names what was wrong, and does not catch to
 *       print: the handler of {@link Cli#commandLine(Object)} turns it into one line,
 *       {@code "ali train: <message>"}, and exit code {@link Cli#EXIT_ERROR} (2, as picocli gives
 *       bad arguments); {@code ALI_DEBUG=1} adds the stack trace.</li>
 *   <li>A command with subcommands lists them in its {@code @Command(subcommands = ...)}, each an
 *       annotated class of its own: the benchmarks live in {@code dev.ali4j.cli.bench}.</li>
 * </ul>
 */
@Command(
        name = "ali",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Adversarially learned inference on the JVM: train ALI with DJL, export to ONNX, run with ONNX Runtime.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            TrainClassifierCommand.class,
            ExportCommand.class,
            EvalCommand.class,
            CalibrateCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            ReportCommand.class,
            SparkEncodeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AliCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with ali4j's error handling: one clear line, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = Cli.commandLine(new AliCli());
        // encode, reconstruct, inpaint, sample, interpolate, serve: the runtime's commands.
        RuntimeCommands.all().forEach(cli::addSubcommand);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
