package dev.ali4j.cli;

import dev.ali4j.trainer.Versions;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ali} command line: training, export, evaluation and inference. */
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
            SparkEncodeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AliCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with ali4j's error handling: one clear line, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AliCli());
        // encode, reconstruct, inpaint, sample, interpolate: the runtime's own commands.
        RuntimeCommands.all().forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + Cli.describe(e));
            if (System.getenv("ALI_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set ALI_DEBUG=1 for the stack trace)");
            }
            return 2;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
