package dev.ali4j.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Objects;

/**
 * How {@link OnnxLatentModel} sets up ONNX Runtime: threads per network call and graph
 * optimisation. Immutable; {@link #defaults()} leaves both to ONNX Runtime's defaults (all cores,
 * all optimisations).
 *
 * <pre>{@code
 * RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(2).build();
 * try (OnnxLatentModel model = OnnxLatentModel.load(bundleDir, options)) { ... }
 * }</pre>
 */
public final class RuntimeOptions {
    private static final RuntimeOptions DEFAULTS = builder().build();

    private final int intraOpThreads;
    private final OptLevel optimizationLevel;

    private RuntimeOptions(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.optimizationLevel = b.optimizationLevel;
    }

    /** @return ONNX Runtime's default threads and {@link OptLevel#ALL_OPT} */
    public static RuntimeOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return threads used inside one network call; 0 means ONNX Runtime's default (one per core) */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** @return the graph optimisation level */
    public OptLevel optimizationLevel() {
        return optimizationLevel;
    }

    /** Creates ONNX Runtime session options from these options; the caller closes them. */
    SessionOptions toSessionOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setOptimizationLevel(optimizationLevel);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "RuntimeOptions[intraOpThreads=" + (intraOpThreads == 0 ? "default" : intraOpThreads)
                + ", optimizationLevel=" + optimizationLevel + "]";
    }

    /** Sets the fields of a {@link RuntimeOptions}. */
    public static final class Builder {
        private int intraOpThreads;
        private OptLevel optimizationLevel = OptLevel.ALL_OPT;

        private Builder() {
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
         * @param level graph optimisation level; default {@link OptLevel#ALL_OPT}
         * @return this builder
         */
        public Builder optimizationLevel(OptLevel level) {
            this.optimizationLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** @return the options */
        public RuntimeOptions build() {
            return new RuntimeOptions(this);
        }
    }
}
