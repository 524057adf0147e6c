package dev.ali4j.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * Checks, once per process, that the engine computes convolution gradients exactly: the same
 * input twice must give the same input gradient.
 *
 * <p>Why: PyTorch 2.7.1's oneDNN, with its AVX-512 kernels, returns wrong input gradients for
 * small convolutions on some CPUs (measured on an AMD EPYC with AVX-512: a 3x3 convolution of 4
 * to 8 channels on a batch of 6 gave a different gradient for the same input in 11 to 23 of 40
 * calls, up to 26% off, and two stacked convolutions gave NaN). E and G learn through such
 * gradients, so training silently diverges. Limiting oneDNN to AVX2 kernels
 * ({@code ONEDNN_MAX_CPU_ISA=AVX2}, which the {@code ali} launcher and the build's tests set)
 * made every call exact. The variable must be set before the process starts: Java cannot set it.
 */
public final class EngineCheck {

    /** The variable that limits oneDNN's kernels, and the value that makes them exact. */
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    public static final String SAFE_ISA = "AVX2";

    private static final int TRIALS = 12;
    private static volatile Boolean exact;

    private EngineCheck() {}

    /**
     * Throws if the engine's convolution gradients are not reproducible in this process.
     *
     * @throws IllegalStateException naming the fault and the fix
     */
    public static void requireExactConvolutionGradients() {
        if (exact == null) {
            synchronized (EngineCheck.class) {
                if (exact == null) {
                    exact = gradientsReproduce();
                }
            }
        }
        if (!exact) {
            throw new IllegalStateException("PyTorch computes wrong convolution gradients on this CPU (oneDNN's "
                    + "AVX-512 kernels; " + ISA_VARIABLE + "=" + System.getenv(ISA_VARIABLE) + "): training would "
                    + "diverge. Start the JVM with the environment variable " + ISA_VARIABLE + "=" + SAFE_ISA
                    + " (the ali launcher does)");
        }
    }

    /** Whether the same input gives the same gradient through a small convolution, every time. */
    static boolean gradientsReproduce() {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8)
                    .build();
            Shape input = new Shape(6, 4, 14, 14);
            conv.initialize(manager, DataType.FLOAT32, input);
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(-1, 1, input);
            float[] first = null;
            for (int trial = 0; trial < TRIALS; trial++) {
                float[] gradient = inputGradient(engine, conv, parameters, x.duplicate());
                if (first == null) {
                    first = gradient;
                } else if (!java.util.Arrays.equals(first, gradient)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static float[] inputGradient(Engine engine, Conv2d conv, ParameterStore parameters, NDArray x) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = engine.newGradientCollector()) {
            collector.backward(conv.forward(parameters, new NDList(x), true).singletonOrThrow().sum());
        }
        float[] out = x.getGradient().toFloatArray();
        // The weights' gradients are not needed; zero them so nothing carries over.
        for (var p : conv.getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            g.subi(g);
        }
        return out;
    }
}
