package dev.ali4j.runtime.cli;

import dev.ali4j.runtime.OnnxLatentModel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every runtime command shares: which bundle, and how many threads per call. */
public final class BundleOptions {

    @Option(names = "--bundle", required = true, paramLabel = "DIR",
            description = "Bundle directory (manifest.json, encoder.onnx, generator.onnx).")
    private Path bundle;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads per network call; 0 lets ONNX Runtime decide (default: ${DEFAULT-VALUE}).")
    private int threads;

    /** Loads the bundle, checksums verified. */
    OnnxLatentModel load() throws IOException {
        return Cli.load(bundle, threads);
    }
}
