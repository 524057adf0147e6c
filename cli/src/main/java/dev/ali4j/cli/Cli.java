package dev.ali4j.cli;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** What the commands share: loading a bundle, and the one-line error report (see {@link AliCli}). */
public final class Cli {
    /** Exit code for a bad bundle, a bad image or bad arguments. */
    public static final int EXIT_ERROR = 2;

    private Cli() {
    }

    static OnnxLatentModel load(Path bundle, int threads, ExecutionProvider provider, boolean spinning,
            List<Path> trustedKeys) throws IOException {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be 0 (ONNX Runtime decides) or more, got " + threads);
        }
        List<PublicKey> keys = BundleKeys.readPublicKeys(trustedKeys);
        // One line per java.util.logging record (the runtime's CPU fallback warning) instead of two.
        System.getProperties().putIfAbsent("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        return OnnxLatentModel.load(bundle, RuntimeOptions.builder().intraOpThreads(threads).executionProvider(provider)
                .spinning(spinning).trustedKeys(keys).build());
    }

    /**
     * A command line for {@code command} (and its subcommands) with ali4j's error report: a
     * command that throws prints {@code command: message} as one line on stderr, the stack trace
     * only with {@code ALI_DEBUG} set, and exits with {@link #EXIT_ERROR}.
     *
     * <pre>{@code
     * int exit = Cli.commandLine(new ReconstructCommand()).execute("--bundle", "b", "a.png");
     * }</pre>
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(Cli::report);
        return cli;
    }

    private static int report(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter stderr = command.getErr();
        stderr.println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
        if (System.getenv("ALI_DEBUG") != null) {
            e.printStackTrace(stderr);
        }
        stderr.flush();
        return EXIT_ERROR;
    }

    /** A user-facing message for an exception: file-system errors say what is wrong with the path. */
    public static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + ": exists and is not a directory";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Creates the directory {@code file} goes into, if missing. */
    static void parentDirectories(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
