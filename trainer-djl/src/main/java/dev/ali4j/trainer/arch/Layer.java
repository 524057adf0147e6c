package dev.ali4j.trainer.arch;

/**
 * One layer of a network, described independently of any engine.
 *
 * <p>The same list of layers builds the DJL block that trains ({@link DjlNetworks}) and the ONNX
 * graph that is exported ({@code dev.ali4j.trainer.export.OnnxExporter}): DJL keeps no readable
 * description of its layers' hyper-parameters, so this is the single source of truth for both.
 */
public sealed interface Layer {

    /** 2-D convolution with square kernel, stride and symmetric padding. */
    record Conv(int in, int out, int kernel, int stride, int pad) implements Layer {}

    /** Fully connected layer; weight shape (out, in) as in DJL and torch. */
    record Linear(int in, int out) implements Layer {}

    /**
     * Batch normalisation over axis 1 (channels, or features of a 2-D input).
     *
     * @param momentum weight of the newest batch in the running statistics (torch's convention)
     */
    record BatchNorm(int channels, float epsilon, float momentum) implements Layer {
        /** The papers' and torch's defaults: epsilon 1e-5, momentum 0.1. */
        public BatchNorm(int channels) {
            this(channels, 1e-5f, 0.1f);
        }
    }

    /** Leaky ReLU with the given negative slope. */
    record LeakyRelu(float slope) implements Layer {}

    /** Dropout; active only in training, absent from the exported graph. */
    record Dropout(float rate) implements Layer {}

    /** (N, C, H, W) to (N, C*H*W). */
    record Flatten() implements Layer {}

    /** (N, C*H*W) to (N, C, H, W). */
    record Reshape(int channels, int height, int width) implements Layer {}

    /**
     * Sub-pixel upsampling ("pixel shuffle", ONNX DepthToSpace in CRD mode): (N, C*b*b, H, W) to
     * (N, C, H*b, W*b). Replaces transposed convolution, which DJL's PyTorch engine lacks.
     */
    record DepthToSpace(int block) implements Layer {}

    /**
     * A learnable bias per value of a (C, H, W) map: the official ALI code's output bias before
     * the generator's squashing, initialised from the first batch (see {@code LatentNetworks}).
     */
    record Bias(int channels, int height, int width) implements Layer {}

    /** Hyperbolic tangent: images in [-1, 1]. */
    record Tanh() implements Layer {}
}
