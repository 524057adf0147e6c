package dev.ali4j.trainer.arch;

import dev.ali4j.trainer.arch.Layer.BatchNorm;
import dev.ali4j.trainer.arch.Layer.Conv;
import dev.ali4j.trainer.arch.Layer.DepthToSpace;
import dev.ali4j.trainer.arch.Layer.Dropout;
import dev.ali4j.trainer.arch.Layer.Flatten;
import dev.ali4j.trainer.arch.Layer.LeakyRelu;
import dev.ali4j.trainer.arch.Layer.Linear;
import dev.ali4j.trainer.arch.Layer.Reshape;
import dev.ali4j.trainer.arch.Layer.Tanh;
import java.util.List;
import java.util.Locale;

/**
 * Architecture presets.
 *
 * <p>{@code gray28} is the project's own 28x28x1 model in the papers' style (the papers have none
 * at this size): strided convolutions with batch norm in E, a mirror of them in G with sub-pixel
 * upsampling in place of transposed convolutions, and a dropout discriminator without batch norm
 * whose x- and z-branches meet in a joint MLP. The z-branch and the joint head are two layers of
 * 512 and 1024 units: with one narrow layer each, D judged x and z almost separately and the
 * encoder's reconstructions stayed loose (docs/RESULTS.md has the comparison). {@code trainer-djl/bench/ali_step_reference.py}
 * mirrors it layer for layer.
 */
public final class Presets {

    /** Slope of every LeakyReLU, as in the ALI paper's larger models. */
    public static final float SLOPE = 0.2f;
    /** Dropout rate in D, as in the ALI paper. */
    public static final float DROPOUT = 0.2f;

    private Presets() {}

    /** Names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.of("gray28", "gray28-tiny");
    }

    /** The preset with this name; {@code gray28-tiny} is a narrow copy for fast tests. */
    public static Architecture byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gray28":
                return gray28(32, 64);
            case "gray28-tiny":
                return gray28(4, 8);
            default:
                throw new IllegalArgumentException(
                        "unknown architecture '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
    }

    /**
     * 28x28x1 images.
     *
     * @param base channels of the first convolution; later layers use 2x and 4x
     * @param latentSize d
     */
    public static Architecture gray28(int base, int latentSize) {
        int c1 = base;
        int c2 = 2 * base;
        int c3 = 4 * base;
        String name = base == 32 && latentSize == 64 ? "gray28" : "gray28-b" + base + "-d" + latentSize;
        List<Layer> encoder = List.of(
                new Conv(1, c1, 3, 1, 1), new BatchNorm(c1), new LeakyRelu(SLOPE),
                new Conv(c1, c2, 4, 2, 1), new BatchNorm(c2), new LeakyRelu(SLOPE),
                new Conv(c2, c3, 4, 2, 1), new BatchNorm(c3), new LeakyRelu(SLOPE),
                new Flatten(),
                new Linear(c3 * 7 * 7, 2 * latentSize));
        List<Layer> generator = List.of(
                new Linear(latentSize, c3 * 7 * 7), new BatchNorm(c3 * 7 * 7), new LeakyRelu(SLOPE),
                new Reshape(c3, 7, 7),
                new Conv(c3, c2 * 4, 3, 1, 1), new DepthToSpace(2), new BatchNorm(c2), new LeakyRelu(SLOPE),
                new Conv(c2, c1 * 4, 3, 1, 1), new DepthToSpace(2), new BatchNorm(c1), new LeakyRelu(SLOPE),
                new Conv(c1, 1, 3, 1, 1),
                new Tanh());
        List<Layer> dImage = List.of(
                new Conv(1, c1, 4, 2, 1), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Conv(c1, c2, 4, 2, 1), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Flatten());
        int xFeatures = c2 * 7 * 7;
        // D must model the joint of x and z, not just each marginal: the z-branch and the joint
        // head are two layers deep, as in the ALI paper's D(x, z).
        int zFeatures = 16 * base;
        int joint = 32 * base;
        List<Layer> dLatent = List.of(
                new Linear(latentSize, zFeatures), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(zFeatures, zFeatures), new LeakyRelu(SLOPE), new Dropout(DROPOUT));
        List<Layer> dJoint = List.of(
                new Linear(xFeatures + zFeatures, joint), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(joint, joint), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(joint, 1));
        return new Architecture(name, 1, 28, 28, latentSize, encoder, generator, dImage, dLatent, dJoint);
    }
}
