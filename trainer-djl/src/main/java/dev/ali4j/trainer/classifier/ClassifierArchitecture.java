package dev.ali4j.trainer.classifier;

import dev.ali4j.trainer.arch.Layer;
import dev.ali4j.trainer.arch.Layer.BatchNorm;
import dev.ali4j.trainer.arch.Layer.Conv;
import dev.ali4j.trainer.arch.Layer.Dropout;
import dev.ali4j.trainer.arch.Layer.Flatten;
import dev.ali4j.trainer.arch.Layer.LeakyRelu;
import dev.ali4j.trainer.arch.Layer.Linear;
import java.util.List;

/**
 * A small convolutional image classifier, described as {@link Layer} lists: a feature trunk
 * ending in the penultimate layer's activations, and a head from those features to one logit per
 * class. For 28x28x1 images and the defaults:
 *
 * <pre>
 * conv 3x3 32, BN, LReLU -> conv 4x4/2 64, BN, LReLU -> conv 4x4/2 128, BN, LReLU -> flatten
 *   -> linear 256, LReLU                  (the features, (N, 256))
 *   -> dropout 0.5 -> linear 10           (the logits)
 * </pre>
 *
 * <p>The record is what {@code classifier.json} stores: the layer lists are rebuilt from it.
 *
 * @param channels image channels
 * @param height image rows, a multiple of 4
 * @param width image columns, a multiple of 4
 * @param classes number of classes (labels 0 to classes - 1)
 * @param base channels of the first convolution; the next two have 2x and 4x
 * @param featureSize units of the penultimate layer: what {@link FrozenClassifier#features} returns
 * @param dropout dropout rate before the last layer, in training only
 */
public record ClassifierArchitecture(
        int channels, int height, int width, int classes, int base, int featureSize, float dropout) {

    /**
     * The range of the pixels a classifier takes, [-1, 1]: the range of ali4j's tanh generators,
     * whose images it judges. Byte 0 is {@code PIXEL_MIN}, byte 255 {@code PIXEL_MAX}.
     */
    public static final float PIXEL_MIN = -1f;
    /** See {@link #PIXEL_MIN}. */
    public static final float PIXEL_MAX = 1f;
    /** Slope of every LeakyReLU. */
    public static final float SLOPE = 0.2f;
    /** Dropout rate before the last layer. */
    public static final float DROPOUT = 0.5f;

    public ClassifierArchitecture {
        if (channels < 1 || height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
            throw new IllegalArgumentException("classifier images must have at least 1 channel and a height and width "
                    + "that are multiples of 4, got " + channels + "x" + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (base < 1 || featureSize < 1) {
            throw new IllegalArgumentException("base and featureSize must be positive, got " + base + " and " + featureSize);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A short description for logs, e.g. {@code cnn-b32-f256 (1x28x28 -> 10 classes)}. */
    public String describe() {
        return "cnn-b" + base + "-f" + featureSize + " (" + channels + "x" + height + "x" + width + " -> " + classes
                + " classes)";
    }

    /** Image to features, (N, C, H, W) to (N, featureSize). */
    public List<Layer> trunk() {
        int c1 = base;
        int c2 = 2 * base;
        int c3 = 4 * base;
        return List.of(
                new Conv(channels, c1, 3, 1, 1), new BatchNorm(c1), new LeakyRelu(SLOPE),
                new Conv(c1, c2, 4, 2, 1), new BatchNorm(c2), new LeakyRelu(SLOPE),
                new Conv(c2, c3, 4, 2, 1), new BatchNorm(c3), new LeakyRelu(SLOPE),
                new Flatten(),
                new Linear(c3 * (height / 4) * (width / 4), featureSize), new LeakyRelu(SLOPE));
    }

    /** Features to logits, (N, featureSize) to (N, classes). */
    public List<Layer> head() {
        return List.of(new Dropout(dropout), new Linear(featureSize, classes));
    }
}
