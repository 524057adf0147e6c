package dev.ali4j.trainer.classifier;

import dev.ali4j.trainer.objective.FeatureModel;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained classifier M loaded for use as a fixed function: inference mode (batch norm uses its
 * running statistics, no dropout) and every parameter frozen (no gradient is ever computed for
 * it). Gradients still flow through M to its input, which is what GALI's pre-trained-model
 * objective needs: a loss on {@code features(G(z))} trains G and leaves M exactly as it was.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager();
 *         FrozenClassifier m = FrozenClassifier.load(Path.of("runs/classifier"), manager)) {
 *     try (GradientCollector collector = engine.newGradientCollector()) {
 *         NDArray loss = m.features(generated).sub(m.features(images)).square().mean();
 *         collector.backward(loss); // reaches G's parameters; M's have no gradient
 *     }
 * }
 * }</pre>
 *
 * <p>Its parameters live in a sub-manager of the manager given to {@link #load}: closing this
 * object frees them, and so does closing that manager. Results of {@link #logits} and
 * {@link #features} belong to the input's manager (or the enclosing {@code NDScope}), like any
 * DJL operation's result. Not thread-safe: PyTorch's grad mode is per thread.
 */
public final class FrozenClassifier implements AutoCloseable, FeatureModel {

    /** Images per forward pass in {@link #featuresAndClasses}. */
    private static final int FEATURE_BATCH = 100;

    private final NDManager manager;
    private final ClassifierNetwork network;
    private final ClassifierInfo info;

    private FrozenClassifier(NDManager manager, ClassifierNetwork network, ClassifierInfo info) {
        this.manager = manager;
        this.network = network;
        this.info = info;
        network.freeze();
    }

    /**
     * Loads the classifier that {@code ./ali train-classifier} wrote into {@code dir}.
     *
     * @param manager its parameters go into a sub-manager of this one
     * @throws IOException naming the file when the directory, {@code classifier.json} or
     *     {@code classifier.params} is missing, malformed, or they do not match each other
     */
    public static FrozenClassifier load(Path dir, NDManager manager) throws IOException {
        ClassifierInfo info = ClassifierFiles.readInfo(dir);
        NDManager owned = manager.newSubManager();
        try {
            ClassifierNetwork network = new ClassifierNetwork(info.architecture(), owned);
            ClassifierFiles.readParameters(dir, info, network, owned);
            return new FrozenClassifier(owned, network, info);
        } catch (IOException | RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /**
     * One logit per class, shape (N, classes).
     *
     * @param imagesInTanhRange (N, C, H, W) with pixels in [-1, 1], as G produces them
     */
    public NDArray logits(NDArray imagesInTanhRange) {
        return network.logits(imagesInTanhRange, false);
    }

    /**
     * The penultimate layer's activations, shape (N, {@link #featureSize()}): differentiable with
     * respect to the images, constant with respect to M's parameters.
     *
     * @param imagesInTanhRange (N, C, H, W) with pixels in [-1, 1]
     */
    @Override
    public NDArray features(NDArray imagesInTanhRange) {
        return network.features(imagesInTanhRange, false);
    }

    /** F, the width of {@link #features}. */
    @Override
    public int featureSize() {
        return info.architecture().featureSize();
    }

    /** The number of classes, the width of {@link #logits}. */
    public int classes() {
        return info.architecture().classes();
    }

    /** The architecture, image shape included. */
    public ClassifierArchitecture architecture() {
        return info.architecture();
    }

    /** What classifier.json records: training data, settings, test accuracy. */
    public ClassifierInfo info() {
        return info;
    }

    /**
     * The predicted class of each image.
     *
     * @param imagesInTanhRange {@code count} images, NCHW, pixels in [-1, 1]
     */
    public int[] predict(float[] imagesInTanhRange, int count) {
        return network.predict(manager, imagesInTanhRange, count);
    }

    /**
     * What {@link #featuresAndClasses} returns for {@code count} images.
     *
     * @param features the penultimate layer's activations: {@code count} rows of {@link #featureSize()} floats, row-major
     * @param classes the predicted class of each image
     */
    public record Outputs(float[] features, int[] classes) {}

    /**
     * The features and predicted classes of many images, from one pass of the network over them, in
     * batches. For measurements such as FID and its class mix; no gradient.
     *
     * @param imagesInTanhRange {@code count} images, NCHW, pixels in [-1, 1]
     */
    public Outputs featuresAndClasses(float[] imagesInTanhRange, int count) {
        int width = featureSize();
        float[] features = new float[count * width];
        int[] classes = new int[count];
        network.inBatches(manager, imagesInTanhRange, count, FEATURE_BATCH, (from, x) -> {
            NDArray f = features(x);
            System.arraycopy(f.toFloatArray(), 0, features, from * width, Math.toIntExact(f.size()));
            ClassifierNetwork.copyClasses(network.logitsOfFeatures(f, false), classes, from);
        });
        return new Outputs(features, classes);
    }

    /**
     * The fraction of the first {@code limit} images of {@code set} (all when 0) whose label is
     * predicted; the number {@code classifier.json} records as {@code test_accuracy}.
     *
     * @throws IllegalArgumentException if the set has no labels or holds images of another shape
     */
    public double accuracy(ImageSet set, int limit) {
        checkLabelledImagesFit(set);
        int n = limit > 0 ? Math.min(limit, set.size()) : set.size();
        float[] images = set.rangeScaled(0, n, ClassifierArchitecture.PIXEL_MIN, ClassifierArchitecture.PIXEL_MAX);
        return accuracy(predict(images, n), set, 0);
    }

    /**
     * The fraction of {@code predicted} equal to the labels of images {@code from, from + 1, ...}.
     */
    public static double accuracy(int[] predicted, ImageSet set, int from) {
        if (predicted.length == 0) {
            throw new IllegalArgumentException("no images to measure accuracy on");
        }
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == set.label(from + i)) {
                correct++;
            }
        }
        return correct / (double) predicted.length;
    }

    /**
     * @throws IllegalArgumentException unless {@code set} is labelled and its images have this
     *     classifier's shape
     */
    public void checkLabelledImagesFit(ImageSet set) {
        if (!set.hasLabels()) {
            throw new IllegalArgumentException(set.name() + " has no labels: a classifier needs labelled images "
                    + "(IDX label files beside the images)");
        }
        checkImagesFit(set);
    }

    /** @throws IllegalArgumentException unless the images of {@code set} have this classifier's shape */
    public void checkImagesFit(ImageSet set) {
        ClassifierArchitecture a = info.architecture();
        ImageSpec.checkShape("the images of " + set.name(), set.channels(), set.height(), set.width(),
                "the classifier takes", a.channels(), a.height(), a.width());
    }

    /** The wrapped network, for tests in this package. */
    ClassifierNetwork network() {
        return network;
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        manager.close();
    }
}
