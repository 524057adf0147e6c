package dev.ali4j.cli;

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
import picocli.CommandLine.Model.CommandSpec;

/** What the runtime's commands share: loading, file names, and the one-line error report. */
public final class Cli {
    /** Exit code for a bad bundle, a bad image or bad arguments. */
    public static final int EXIT_ERROR = 2;

    private Cli() {
    }

    static OnnxLatentModel load(Path bundle, int threads, ExecutionProvider provider, boolean spinning)
            throws IOException {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be 0 (ONNX Runtime decides) or more, got " + threads);
        }
        // One line per java.util.logging record (the runtime's CPU fallback warning) instead of two.
        System.getProperties().putIfAbsent("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        return OnnxLatentModel.load(bundle,
                RuntimeOptions.builder().intraOpThreads(threads).executionProvider(provider).spinning(spinning).build());
    }

    /** Prints {@code command: message} on stderr and returns {@link #EXIT_ERROR}. */
    static int fail(CommandSpec spec, Exception e) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println(spec.qualifiedName() + ": " + describe(e));
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
