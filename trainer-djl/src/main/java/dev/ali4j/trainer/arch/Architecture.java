package dev.ali4j.trainer.arch;

import dev.ali4j.api.ImageSpec;
import java.util.List;

/**
 * The three networks of an ALI model, as engine-independent layer lists.
 *
 * @param name preset name recorded in checkpoints and bundle manifests, e.g. {@code gray28}
 * @param channels image channels
 * @param height image height
 * @param width image width
 * @param latentSize size d of the latent code z
 * @param encoder x to (mu, log-sigma): its last layer has 2 * latentSize outputs
 * @param generator z to x in [-1, 1]
 * @param discriminatorImage the x-branch of D, ending in a flat feature vector
 * @param discriminatorLatent the z-branch of D, ending in a flat feature vector
 * @param discriminatorJoint the joint head of D on the concatenated features, ending in one logit
 */
public record Architecture(
        String name,
        int channels,
        int height,
        int width,
        int latentSize,
        List<Layer> encoder,
        List<Layer> generator,
        List<Layer> discriminatorImage,
        List<Layer> discriminatorLatent,
        List<Layer> discriminatorJoint) {

    public Architecture {
        encoder = List.copyOf(encoder);
        generator = List.copyOf(generator);
        discriminatorImage = List.copyOf(discriminatorImage);
        discriminatorLatent = List.copyOf(discriminatorLatent);
        discriminatorJoint = List.copyOf(discriminatorJoint);
    }

    /** The image format of bundles exported from this architecture: NCHW floats in [-1, 1]. */
    public ImageSpec imageSpec() {
        return new ImageSpec(channels, height, width);
    }

    /**
     * This architecture with a learnable per-pixel bias before the generator's final tanh (the
     * output-bias stabiliser); unchanged if it has one already or does not end in tanh.
     */
    public Architecture withOutputBias() {
        int last = generator.size() - 1;
        if (!(generator.get(last) instanceof Layer.Tanh) || generator.get(last - 1) instanceof Layer.Bias) {
            return this;
        }
        java.util.List<Layer> layers = new java.util.ArrayList<>(generator);
        layers.add(last, new Layer.Bias(channels, height, width));
        return new Architecture(name, channels, height, width, latentSize, encoder, layers, discriminatorImage,
                discriminatorLatent, discriminatorJoint);
    }

    /** Values per image, C * H * W. */
    public int imageSize() {
        return channels * height * width;
    }
}
