package dev.ali4j.cli;

import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every runtime command shares: which bundle, whose signature it must bear, where and
 * with how many threads to run it.
 */
public final class BundleOptions {

    @Option(names = "--bundle", required = true, paramLabel = "DIR",
            description = "Bundle directory (manifest.json, encoder.onnx, generator.onnx).")
    private Path bundle;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads per network call; 0 lets ONNX Runtime decide (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--provider", paramLabel = "cpu|cuda", defaultValue = "cpu",
            converter = ProviderConverter.class,
            description = "Execution provider (default: ${DEFAULT-VALUE}); cuda needs the onnxruntime_gpu build "
                    + "(-Pgpu) and a GPU, and falls back to the CPU with a warning otherwise.")
    private ExecutionProvider provider;

    @Option(names = "--trusted-key", paramLabel = "PUBLIC.pem",
            description = "Load the bundle only if its manifest.json.sig is a signature by this key (PEM public key, "
                    + "ali keygen); repeat to trust several. Without it, signatures are not checked.")
    private List<Path> trustedKeys = new ArrayList<>();

    /** Loads the bundle, checksums (and signature) verified, ONNX Runtime's threads sleeping between calls. */
    OnnxLatentModel load() throws IOException {
        return load(false);
    }

    /**
     * Loads the bundle, checksums verified, and its signature when {@code --trusted-key} is given.
     *
     * @param spinning whether ONNX Runtime's idle threads spin or sleep
     */
    OnnxLatentModel load(boolean spinning) throws IOException {
        return Cli.load(bundle, threads, provider, spinning, trustedKeys);
    }

    /** @return the bundle directory */
    Path bundle() {
        return bundle;
    }

    /** Parses {@code --provider}; the trainer's {@code bench runtime} uses it too. */
    public static final class ProviderConverter implements picocli.CommandLine.ITypeConverter<ExecutionProvider> {
        @Override
        public ExecutionProvider convert(String value) {
            return ExecutionProvider.parse(value);
        }
    }
}
