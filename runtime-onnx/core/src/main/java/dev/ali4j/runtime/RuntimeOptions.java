package dev.ali4j.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.ali4j.api.BundleKeys;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * How {@link OnnxLatentModel} loads a bundle and sets up ONNX Runtime: the keys a bundle must be
 * signed by, the execution provider, threads per network call and graph optimisation. Immutable;
 * {@link #defaults()} is no signature required, the CPU with ONNX Runtime's default threads (one
 * per core), threads that sleep between calls, and all graph optimisations.
 *
 * <p>{@link ExecutionProvider#CUDA} needs the {@code onnxruntime_gpu} artifact in place of
 * {@code onnxruntime} (Maven profile {@code -Pgpu}) and a CUDA GPU. When either is missing the
 * model loads on the CPU instead and one warning line says why (logger {@value #LOGGER}, through
 * {@code java.util.logging}); {@link OnnxLatentModel#executionProvider()} tells which provider
 * is in use.
 *
 * <pre>{@code
 * RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(2).build();
 * RuntimeOptions gpu = RuntimeOptions.builder().executionProvider(ExecutionProvider.CUDA).build();
 * RuntimeOptions signed = RuntimeOptions.builder()
 *         .trustedKeys(BundleKeys.readPublicKey(Path.of("keys/public-key.pem"))).build();
 * try (OnnxLatentModel model = OnnxLatentModel.load(bundleDir, options)) { ... }
 * }</pre>
 */
public final class RuntimeOptions {
    /** Name of the {@code java.util.logging} logger that reports a fallback to the CPU. */
    public static final String LOGGER = "dev.ali4j.runtime";

    private static final RuntimeOptions DEFAULTS = builder().build();

    private final ExecutionProvider executionProvider;
    private final int cudaDevice;
    private final int intraOpThreads;
    private final boolean spinning;
    private final OptLevel optimizationLevel;
    private final List<PublicKey> trustedKeys;

    private RuntimeOptions(Builder b) {
        this.executionProvider = b.executionProvider;
        this.cudaDevice = b.cudaDevice;
        this.intraOpThreads = b.intraOpThreads;
        this.spinning = b.spinning;
        this.optimizationLevel = b.optimizationLevel;
        this.trustedKeys = b.trustedKeys;
    }

    /** Where ONNX Runtime runs the networks. */
    public enum ExecutionProvider {
        /** ONNX Runtime's default CPU kernels; always available. */
        CPU,
        /** NVIDIA GPU through CUDA; falls back to {@link #CPU} when unavailable. */
        CUDA;

        /**
         * @param name {@code cpu} or {@code cuda}, any case
         * @return the provider
         * @throws IllegalArgumentException naming the accepted values
         */
        public static ExecutionProvider parse(String name) {
            for (ExecutionProvider p : values()) {
                if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("execution provider must be cpu or cuda, got '" + name + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return ONNX Runtime's default threads and {@link OptLevel#ALL_OPT} */
    public static RuntimeOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the provider asked for; the one in use is {@link OnnxLatentModel#executionProvider()} */
    public ExecutionProvider executionProvider() {
        return executionProvider;
    }

    /** @return the CUDA device index, used with {@link ExecutionProvider#CUDA} */
    public int cudaDevice() {
        return cudaDevice;
    }

    /** @return threads used inside one network call; 0 means ONNX Runtime's default (one per core) */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /**
     * @return whether ONNX Runtime's idle threads spin waiting for work (ONNX Runtime's own
     *     default) instead of sleeping (this library's default; see {@link Builder#spinning})
     */
    public boolean spinning() {
        return spinning;
    }

    /** @return the graph optimisation level */
    public OptLevel optimizationLevel() {
        return optimizationLevel;
    }

    /**
     * @return the keys one of which must have signed a bundle for it to load (unmodifiable);
     *     empty: no signature required
     */
    public List<PublicKey> trustedKeys() {
        return trustedKeys;
    }

    /**
     * Creates ONNX Runtime session options from these options; the caller closes them. Asks for
     * CUDA if wanted; when that fails, logs one warning and returns CPU options.
     */
    Configured toSessionOptions() throws OrtException {
        if (executionProvider == ExecutionProvider.CUDA) {
            SessionOptions options = cpuOptions();
            try {
                options.addCUDA(cudaDevice);
                return new Configured(options, ExecutionProvider.CUDA);
            } catch (OrtException | RuntimeException | LinkageError e) {
                options.close();
                Logger.getLogger(LOGGER).warning("CUDA execution provider unavailable (" + reason(e)
                        + "); running on the CPU instead");
            }
        }
        return new Configured(cpuOptions(), ExecutionProvider.CPU);
    }

    private SessionOptions cpuOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (!spinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            options.setOptimizationLevel(optimizationLevel);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Session options and the provider they select. */
    static final class Configured {
        final SessionOptions options;
        final ExecutionProvider provider;

        Configured(SessionOptions options, ExecutionProvider provider) {
            this.options = options;
            this.provider = provider;
        }
    }

    @Override
    public String toString() {
        return "RuntimeOptions[executionProvider=" + executionProvider
                + (executionProvider == ExecutionProvider.CUDA ? ":" + cudaDevice : "")
                + ", intraOpThreads=" + (intraOpThreads == 0 ? "default" : intraOpThreads)
                + ", spinning=" + spinning
                + ", optimizationLevel=" + optimizationLevel
                + ", trustedKeys=" + trustedKeys.size() + "]";
    }

    /** Sets the fields of a {@link RuntimeOptions}. */
    public static final class Builder {
        private ExecutionProvider executionProvider = ExecutionProvider.CPU;
        private int cudaDevice;
        private int intraOpThreads;
        private boolean spinning;
        private OptLevel optimizationLevel = OptLevel.ALL_OPT;
        private List<PublicKey> trustedKeys = Collections.emptyList();

        private Builder() {
        }

        /**
         * @param provider where to run; default {@link ExecutionProvider#CPU}
         * @return this builder
         */
        public Builder executionProvider(ExecutionProvider provider) {
            this.executionProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * @param device CUDA device index, 0 or more; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cudaDevice(int device) {
            if (device < 0) {
                throw new IllegalArgumentException("cudaDevice must be 0 or more, got " + device);
            }
            this.cudaDevice = device;
            return this;
        }

        /**
         * @param threads threads inside one network call, or 0 for ONNX Runtime's default
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be 0 (default) or more, got " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * Whether idle ONNX Runtime threads spin or sleep. Default false (sleep), unlike ONNX
         * Runtime itself: the encoder and the generator are two sessions with a thread pool
         * each, and while one runs, the other's spinning threads take its cores. On 2 cores,
         * reconstruct (E then G) at batch 64 ran at half the throughput with spinning, while
         * batch 1 gained 0.04 ms (docs/SERVER.md). One pool shared by both sessions would avoid
         * this, but ONNX Runtime shares pools only through its process-wide environment, which a
         * library must leave to the application.
         *
         * @param spin true to let idle threads spin
         * @return this builder
         */
        public Builder spinning(boolean spin) {
            this.spinning = spin;
            return this;
        }

        /**
         * @param level graph optimisation level; default {@link OptLevel#ALL_OPT}
         * @return this builder
         */
        public Builder optimizationLevel(OptLevel level) {
            this.optimizationLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Requires every bundle loaded to be signed ({@code ali sign}, {@code Bundles.sign}) by one
         * of {@code keys}: {@link OnnxLatentModel} then refuses an unsigned bundle, or one whose
         * signature verifies with none of them, with a {@link dev.ali4j.api.BundleFormatException}.
         * Checksums tell a corrupt bundle; only a signature tells one modified on purpose, its
         * checksums recomputed. Default: none, no signature required.
         *
         * @param keys P-256 public keys ({@link BundleKeys#readPublicKey}); none to require no signature
         * @return this builder
         * @throws IllegalArgumentException if a key is not a P-256 public key
         */
        public Builder trustedKeys(Collection<? extends PublicKey> keys) {
            this.trustedKeys = BundleKeys.trusted(Objects.requireNonNull(keys, "keys"));
            return this;
        }

        /**
         * As {@link #trustedKeys(Collection)}.
         *
         * @param keys P-256 public keys
         * @return this builder
         */
        public Builder trustedKeys(PublicKey... keys) {
            return trustedKeys(Arrays.asList(keys));
        }

        /** @return the options */
        public RuntimeOptions build() {
            return new RuntimeOptions(this);
        }
    }
}
