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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Architecture presets.
 *
 * <table>
 * <caption>The presets</caption>
 * <tr><th>name</th><th>images</th><th>d</th><th>for</th></tr>
 * <tr><td>{@code gray28}</td><td>28x28x1</td><td>64</td><td>MNIST, Fashion-MNIST</td></tr>
 * <tr><td>{@code rgb32}</td><td>32x32x3</td><td>256</td><td>SVHN, CIFAR-10: the ALI paper's model</td></tr>
 * <tr><td>{@code rgb64}</td><td>64x64x3</td><td>256</td><td>CelebA-style faces: the ALI paper's model</td></tr>
 * </table>
 *
 * <p>Each has a {@code -tiny} copy, a few channels wide with d = 8, for fast tests; {@code gray28-small}
 * is gray28 at half width (base 16, d = 64), for comparisons that must fit a 2-core budget.
 *
 * <p>{@code gray28} is the project's own 28x28x1 model in the papers' style (the papers have none
 * at this size): strided convolutions with batch norm in E, a mirror of them in G with sub-pixel
 * upsampling in place of transposed convolutions, and a dropout discriminator without batch norm
 * whose x- and z-branches meet in a joint MLP. The z-branch and the joint head are two layers of
 * 512 and 1024 units: with one narrow layer each, D judged x and z almost separately and the
 * encoder's reconstructions stayed loose (docs/RESULTS.md has the comparison). {@code trainer-djl/bench/ali_step_reference.py}
 * mirrors it layer for layer.
 *
 * <p>{@code rgb32} and {@code rgb64} follow the ALI paper's SVHN/CIFAR-10 and CelebA tables
 * (SPEC.md, "Architectures in the papers"), with these departures:
 * <ul>
 * <li>DJL's PyTorch engine has no transposed convolution, so G upsamples by sub-pixel
 *     convolution (a convolution to 4x the channels, then depth-to-space). A transposed
 *     convolution of kernel 4 and stride 2 is exactly a sub-pixel convolution of kernel 2 and
 *     padding 1, and one of stride 1 is exactly a convolution padded by kernel - 1: {@code rgb32}'s
 *     G is therefore the paper's, reparameterised, down to its spatial sizes. {@code rgb64}'s odd
 *     kernels and sizes cannot be mirrored that way (depth-to-space makes even sizes): its G goes
 *     4, 14, 28, 62, 64 where the paper's goes 4, 13, 29, 63, 64, and its last stride-1 layer has
 *     kernel 3 where the paper's has 2.</li>
 * <li>The flat 1x1 layers of the paper (on 1x1 feature maps) are linear layers: E's last layer,
 *     G's first (a transposed convolution of a 1x1 z is a linear map to a 4x4 map) and the
 *     discriminator's z-branch and joint head, as in {@code gray28}.</li>
 * <li>LeakyReLU slope {@link #SLOPE} and dropout {@link #DROPOUT} after every layer of D, in place of
 *     the paper's per-layer rates; images in [-1, 1] with tanh in place of sigmoid.</li>
 * </ul>
 */
public final class Presets {

    /** Slope of every LeakyReLU, as in the ALI paper's larger models. */
    public static final float SLOPE = 0.2f;
    /** Dropout rate in D, as in the ALI paper. */
    public static final float DROPOUT = 0.2f;
    /** Width of the encoder's last hidden layer before (mu, log-sigma), as in the papers' 1x1 layers. */
    public static final int ENCODER_HIDDEN = 512;

    private Presets() {}

    /** Names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.of("gray28", "gray28-small", "gray28-tiny", "rgb32", "rgb32-tiny", "rgb64", "rgb64-tiny");
    }

    /** The preset with this name; a {@code -tiny} name is a narrow copy for fast tests. */
    public static Architecture byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gray28":
                return gray28(32, 64);
            case "gray28-small":
                return gray28(16, 64);
            case "gray28-tiny":
                return gray28(4, 8);
            case "rgb32":
                return rgb32(32, 256);
            case "rgb32-tiny":
                return rgb32(4, 8);
            case "rgb64":
                return rgb64(64, 256);
            case "rgb64-tiny":
                return rgb64(4, 8);
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
        String name = presetName("gray28", base == 32 && latentSize == 64, base, latentSize);
        // The papers' encoders narrow to a 512-unit layer before the output; straight from the
        // c3 * 7 * 7 features to (mu, log-sigma), E's codes were loose and its log-sigma wide.
        int hidden = Math.min(ENCODER_HIDDEN, 32 * base);
        List<Layer> encoder = List.of(
                new Conv(1, c1, 3, 1, 1), new BatchNorm(c1), new LeakyRelu(SLOPE),
                new Conv(c1, c2, 4, 2, 1), new BatchNorm(c2), new LeakyRelu(SLOPE),
                new Conv(c2, c3, 4, 2, 1), new BatchNorm(c3), new LeakyRelu(SLOPE),
                new Flatten(),
                new Linear(c3 * 7 * 7, hidden), new BatchNorm(hidden), new LeakyRelu(SLOPE),
                new Linear(hidden, 2 * latentSize));
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
        return new Architecture(name, 1, 28, 28, latentSize, encoder, generator, dImage,
                discriminatorLatent(latentSize, zFeatures), discriminatorJoint(xFeatures + zFeatures, joint));
    }

    /**
     * 32x32x3 images (SVHN, CIFAR-10), the ALI paper's model. Spatial sizes:
     * <pre>
     * E  kernel/stride/pad  5/1/0  4/2/0  4/1/0  4/2/0  4/1/0   1x1   linear
     *    size          32 -> 28  -> 13  -> 10  ->  4  ->  1  ->  1  -> 2d
     *    channels      3     b     2b     4b     8b    16b   16b
     * G  linear to 8b x 4x4, then (kernel/pad, x2 = sub-pixel)  2/1 x2  4/3  2/1 x2  5/4   1x1  1x1
     *    size           4  ->  10  ->  13  ->  28  ->  32  ->  32  ->  32
     *    channels      8b      4b      2b      b       b       b       3
     * </pre>
     * D's x-branch repeats E's convolutions without batch norm.
     *
     * @param base channels of the first convolution (the paper: 32); later layers use 2x, 4x, 8x, 16x
     * @param latentSize d (256 in the GALI paper)
     */
    public static Architecture rgb32(int base, int latentSize) {
        int[] c = {3, base, 2 * base, 4 * base, 8 * base, 16 * base};
        List<Layer> generator = new ArrayList<>(latentTo4x4(latentSize, c[4]));
        generator.addAll(upsample(c[4], c[3], 2, 1)); // transposed 4/2: 4 -> 10
        generator.addAll(convBatchNorm(c[3], c[2], 4, 1, 3)); // transposed 4/1: 10 -> 13
        generator.addAll(upsample(c[2], c[1], 2, 1)); // transposed 4/2: 13 -> 28
        generator.addAll(convBatchNorm(c[1], c[1], 5, 1, 4)); // transposed 5/1: 28 -> 32
        generator.addAll(convBatchNorm(c[1], c[1], 1, 1, 0));
        generator.add(new Conv(c[1], 3, 1, 1, 0));
        generator.add(new Tanh());
        return rgb(presetName("rgb32", base == 32 && latentSize == 256, base, latentSize), 32, latentSize,
                c, new int[][] {{5, 1}, {4, 2}, {4, 1}, {4, 2}, {4, 1}}, true, generator);
    }

    /**
     * 64x64x3 images (CelebA-style), the ALI paper's model. Spatial sizes:
     * <pre>
     * E  kernel/stride/pad  2/1/0  7/2/0  5/2/0  7/2/0  4/1/0   linear
     *    size          64 -> 63  -> 29  -> 13  ->  4  ->  1  -> 2d
     *    channels      3     b     2b     4b     4b     8b
     * G  linear to 8b x 4x4, then (kernel/pad, x2 = sub-pixel)  4/3 x2  3/1 x2  4/3 x2  3/2   1x1
     *    size           4  ->  14  ->  28  ->  62  ->  64  ->  64
     *    channels      8b      4b      4b      2b      b       3
     * </pre>
     * The paper's G goes 4, 13, 29, 63, 64 by transposed convolutions (7/2, 5/2, 7/2, 2/1); depth
     * to space only makes even sizes, so the sub-pixel kernels 4, 3, 4 (half the paper's) are
     * padded to reach 14, 28 and 62, and a kernel-3 convolution padded by 2 adds the last two
     * pixels. D's x-branch repeats E's convolutions without batch norm.
     *
     * @param base channels of the first convolution (the paper: 64); later layers use 2x, 4x, 4x, 8x
     * @param latentSize d (the paper: 256)
     */
    public static Architecture rgb64(int base, int latentSize) {
        int[] c = {3, base, 2 * base, 4 * base, 4 * base, 8 * base};
        List<Layer> generator = new ArrayList<>(latentTo4x4(latentSize, c[5]));
        generator.addAll(upsample(c[5], c[4], 4, 3)); // 4 -> 7 -> 14
        generator.addAll(upsample(c[4], c[3], 3, 1)); // 14 -> 14 -> 28
        generator.addAll(upsample(c[3], c[2], 4, 3)); // 28 -> 31 -> 62
        generator.addAll(convBatchNorm(c[2], c[1], 3, 1, 2)); // 62 -> 64
        generator.add(new Conv(c[1], 3, 1, 1, 0));
        generator.add(new Tanh());
        return rgb(presetName("rgb64", base == 64 && latentSize == 256, base, latentSize), 64, latentSize,
                c, new int[][] {{2, 1}, {7, 2}, {5, 2}, {7, 2}, {4, 1}}, false, generator);
    }

    /** The family's own name at the paper's size, else the family with its width and d. */
    private static String presetName(String family, boolean paperSize, int base, int latentSize) {
        return paperSize ? family : family + "-b" + base + "-d" + latentSize;
    }

    /**
     * A square RGB architecture. E is the given unpadded convolutions with batch norm down to a
     * 1x1 map, then a linear layer to 2d; D's x-branch is the same convolutions with dropout in
     * place of batch norm, its z-branch is as wide as that 1x1 map ({@code top}, 512 in the
     * paper's models) and its joint head twice as wide.
     *
     * @param channels the image's channels, then each convolution's; the last is {@code top}
     * @param kernelStride each convolution's kernel and stride
     * @param hidden1x1 whether E has a further 1x1 convolution of {@code top} channels before the
     *     linear layer, as the paper's 32x32 model does
     */
    private static Architecture rgb(String name, int size, int latentSize, int[] channels, int[][] kernelStride,
            boolean hidden1x1, List<Layer> generator) {
        List<Layer> encoder = new ArrayList<>();
        List<Layer> dImage = new ArrayList<>();
        for (int i = 0; i < kernelStride.length; i++) {
            int kernel = kernelStride[i][0];
            int stride = kernelStride[i][1];
            encoder.addAll(convBatchNorm(channels[i], channels[i + 1], kernel, stride, 0));
            dImage.addAll(convDropout(channels[i], channels[i + 1], kernel, stride, 0));
        }
        int top = channels[kernelStride.length];
        if (hidden1x1) {
            encoder.addAll(convBatchNorm(top, top, 1, 1, 0));
        }
        encoder.add(new Flatten());
        encoder.add(new Linear(top, 2 * latentSize));
        dImage.add(new Flatten());
        return new Architecture(name, 3, size, size, latentSize, encoder, generator, dImage,
                discriminatorLatent(latentSize, top), discriminatorJoint(2 * top, 2 * top));
    }

    /** Convolution, batch norm, LeakyReLU: E's and G's layers. */
    private static List<Layer> convBatchNorm(int in, int out, int kernel, int stride, int pad) {
        return List.of(new Conv(in, out, kernel, stride, pad), new BatchNorm(out), new LeakyRelu(SLOPE));
    }

    /** Convolution, LeakyReLU, dropout: D's layers. */
    private static List<Layer> convDropout(int in, int out, int kernel, int stride, int pad) {
        return List.of(new Conv(in, out, kernel, stride, pad), new LeakyRelu(SLOPE), new Dropout(DROPOUT));
    }

    /**
     * Sub-pixel upsampling: a convolution to 4 * {@code out} channels, (H + 2 pad - kernel + 1) on
     * a side, then depth to space doubles that; batch norm and LeakyReLU follow.
     */
    private static List<Layer> upsample(int in, int out, int kernel, int pad) {
        return List.of(new Conv(in, 4 * out, kernel, 1, pad), new DepthToSpace(2), new BatchNorm(out),
                new LeakyRelu(SLOPE));
    }

    /** z to a 4x4 map of {@code channels}: the transposed 4x4 convolution of a 1x1 z is linear. */
    private static List<Layer> latentTo4x4(int latentSize, int channels) {
        return List.of(new Linear(latentSize, channels * 4 * 4), new Reshape(channels, 4, 4), new BatchNorm(channels),
                new LeakyRelu(SLOPE));
    }

    /** D's z-branch: two linear layers with LeakyReLU and dropout. */
    private static List<Layer> discriminatorLatent(int latentSize, int features) {
        return List.of(
                new Linear(latentSize, features), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(features, features), new LeakyRelu(SLOPE), new Dropout(DROPOUT));
    }

    /** D's joint head on the concatenated features: two hidden layers, then one logit. */
    private static List<Layer> discriminatorJoint(int features, int width) {
        return List.of(
                new Linear(features, width), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(width, width), new LeakyRelu(SLOPE), new Dropout(DROPOUT),
                new Linear(width, 1));
    }
}
