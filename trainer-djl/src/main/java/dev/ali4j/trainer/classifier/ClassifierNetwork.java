package dev.ali4j.trainer.classifier;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.arch.DjlNetworks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL blocks of a {@link ClassifierArchitecture}: a trunk (image to features) and a head
 * (features to logits), owned by one {@link NDManager}. {@link ClassifierTrainer} trains one;
 * {@link FrozenClassifier} wraps a loaded one for inference.
 */
final class ClassifierNetwork {

    /** Images per forward pass when predicting. */
    static final int PREDICT_BATCH = 500;

    private final ClassifierArchitecture arch;
    private final SequentialBlock trunk;
    private final SequentialBlock head;
    private final ParameterStore parameters;

    /** Builds and initialises both blocks (DJL's default He-style initialisation); seed the engine first. */
    ClassifierNetwork(ClassifierArchitecture arch, NDManager manager) {
        this.arch = arch;
        this.trunk = DjlNetworks.sequential(arch.trunk());
        this.head = DjlNetworks.sequential(arch.head());
        trunk.initialize(manager, DataType.FLOAT32, new Shape(2, arch.channels(), arch.height(), arch.width()));
        head.initialize(manager, DataType.FLOAT32, new Shape(2, arch.featureSize()));
        this.parameters = new ParameterStore(manager, false);
    }

    ClassifierArchitecture architecture() {
        return arch;
    }

    /** The penultimate layer's activations, (N, featureSize). */
    NDArray features(NDArray images, boolean training) {
        checkShape(images);
        return trunk.forward(parameters, new NDList(images), training).singletonOrThrow();
    }

    /** One logit per class, (N, classes). */
    NDArray logits(NDArray images, boolean training) {
        return logitsOfFeatures(features(images, training), training);
    }

    /** The head alone: logits from what {@link #features} returned. */
    NDArray logitsOfFeatures(NDArray features, boolean training) {
        return head.forward(parameters, new NDList(features), training).singletonOrThrow();
    }

    /**
     * The predicted class of each image, in inference mode.
     *
     * @param images {@code count} images in [-1, 1], NCHW
     */
    int[] predict(NDManager manager, float[] images, int count) {
        int[] out = new int[count];
        inBatches(manager, images, count, PREDICT_BATCH,
                (from, x) -> copyClasses(logits(x, false), out, from));
        return out;
    }

    /** What {@link #inBatches} does with one batch: images {@code from, from + 1, ...} as (n, C, H, W). */
    interface BatchAction {
        void accept(int from, NDArray images);
    }

    /**
     * Hands {@code count} images to {@code action} in batches of at most {@code batchSize}, each in
     * its own {@link NDScope}: what the action creates is freed when it returns.
     *
     * @param images {@code count} images, NCHW
     * @throws IllegalArgumentException if {@code images} does not hold {@code count} images of this shape
     */
    void inBatches(NDManager manager, float[] images, int count, int batchSize, BatchAction action) {
        int size = arch.channels() * arch.height() * arch.width();
        if (images.length != (long) count * size) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + size);
        }
        for (int from = 0; from < count; from += batchSize) {
            int n = Math.min(batchSize, count - from);
            float[] batch = new float[n * size];
            System.arraycopy(images, from * size, batch, 0, batch.length);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                action.accept(from, manager.create(batch, new Shape(n, arch.channels(), arch.height(), arch.width())));
            }
        }
    }

    /** Writes the arg-max of each row of {@code logits} into {@code classes}, from index {@code from} on. */
    static void copyClasses(NDArray logits, int[] classes, int from) {
        long[] predicted = logits.argMax(1).toLongArray();
        for (int i = 0; i < predicted.length; i++) {
            classes[from + i] = (int) predicted[i];
        }
    }

    /** Parameters an optimizer updates (batch-norm statistics excluded). */
    List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : allParameters()) {
            if (p.requiresGradient()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every parameter, batch-norm statistics included. */
    List<Parameter> allParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Block block : List.<Block>of(trunk, head)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** Stops gradients at every parameter: forward passes still pass gradients to their input. */
    void freeze() {
        trunk.freezeParameters(true);
        head.freezeParameters(true);
    }

    void save(DataOutputStream out) throws IOException {
        trunk.saveParameters(out);
        head.saveParameters(out);
    }

    /** Reads what {@link #save} wrote for the same architecture; the loaded arrays track no gradient. */
    void load(NDManager manager, DataInputStream in) throws IOException {
        try {
            trunk.loadParameters(manager, in);
            head.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("parameters do not match classifier " + arch.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A hash of every parameter's shape, in order: recorded in classifier.json and checked on loading. */
    String fingerprint() {
        StringBuilder out = new StringBuilder();
        for (Parameter p : allParameters()) {
            out.append(p.getArray().getShape()).append(';');
        }
        return Integer.toHexString(out.toString().hashCode());
    }

    private void checkShape(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("classifier takes images (N, " + arch.channels() + ", " + arch.height()
                    + ", " + arch.width() + "), got " + s);
        }
        ImageSpec.checkShape("images", (int) s.get(1), (int) s.get(2), (int) s.get(3), "the classifier takes",
                arch.channels(), arch.height(), arch.width());
    }
}
