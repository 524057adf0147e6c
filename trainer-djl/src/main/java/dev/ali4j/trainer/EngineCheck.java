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
 * input twice must give the same, finite input gradient.
 *
 * <p>Why: PyTorch 2.7.1's oneDNN returns wrong input gradients at random on some CPUs. Measured
 * on an AMD EPYC with AVX-512, 20 calls per case: with its AVX-512 kernels a 3x3 convolution of 4
 * to 8 channels (batch 6) gave a different gradient for the same input in 4 of 20 calls (up to
 * 26% off; two stacked convolutions gave NaN); limited to AVX2, the 32-to-1-channel convolution
 * that ends gray28's G gave NaN in 3 of 20, so G's first training step turned every weight of G
 * into NaN; limited to AVX ({@code ONEDNN_MAX_CPU_ISA=AVX}) both, and every other case tried, were
 * exact in 20 of 20. The {@code ali} launcher and the build's tests set AVX. The variable must be
 * set before the process starts: Java cannot set it.
 */
public final class EngineCheck {

    /** The variable that limits oneDNN's kernels, and the value that makes them exact. */
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    public static final String SAFE_ISA = "AVX";

    /** Calls per probe: each faulty case failed in 15 to 25% of calls, so 30 miss it rarely. */
    private static final int TRIALS = 30;
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
                    + "kernels; " + ISA_VARIABLE + "=" + System.getenv(ISA_VARIABLE) + "): training would "
                    + "diverge. Start the JVM with the environment variable " + ISA_VARIABLE + "=" + SAFE_ISA
                    + " (the ali launcher does)");
        }
    }

    /**
     * Whether the same input gives the same, finite gradient every time, through the two
     * convolutions that failed: 3x3 from 4 to 8 channels, and 3x3 from 32 channels to 1.
     */
    static boolean gradientsReproduce() {
        return reproduces(4, 8, new Shape(6, 4, 14, 14)) && reproduces(32, 1, new Shape(50, 32, 28, 28));
    }

    private static boolean reproduces(int in, int out, Shape input) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(out)
                    .build();
            conv.initialize(manager, DataType.FLOAT32, input);
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int trial = 0; trial < TRIALS; trial++) {
                NDArray x = manager.randomUniform(-1, 1, input);
                float[] first = inputGradient(engine, conv, parameters, x.duplicate());
                float[] second = inputGradient(engine, conv, parameters, x.duplicate());
                if (!java.util.Arrays.equals(first, second) || !finite(first)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
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
