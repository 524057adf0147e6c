package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Layer;
import dev.ali4j.trainer.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Re-measures E's and G's batch-norm statistics for their current weights, from the inputs they
 * serve in inference: E on training images, G on the codes E gives those images.
 *
 * <p>Why: batch norm keeps running statistics from every training-mode pass, and a tuple
 * objective runs E and G on each other's outputs too (GALI's E(G(E(x))) and G(E(G(z))), ALICE's
 * G(E(x)), ...), so the statistics become a blend of real and generated inputs, and the weight
 * average then averages statistics instead of measuring them for the averaged weights (the
 * flaw SWA's "bn_update" remedies). Exported in inference form, such statistics normalise real
 * images and their codes wrongly: on the full Fashion-MNIST they raised the held-out pixel MSE
 * by up to 47% for GALI-4 and by 10% for ALI (docs/RESULTS.md).
 *
 * <p>G is measured on mu(x), the codes it decodes in inference: evaluation, reconstruction,
 * inpainting and interpolation all decode G(mu(x)). (Measured on mu + sigma * eps, as before, G's
 * statistics described inputs that inference never gives it.)
 *
 * <p>The statistics become the plain mean of {@link #BATCHES} batches' statistics ("precise
 * batch norm"): before each training-mode pass, outside any gradient collector, the running
 * values are zeroed, so that the pass leaves momentum times its batch's statistics in them. The
 * images come from a Java-side generator seeded by the caller, so the engine's random
 * stream, and with it training, is untouched.
 */
final class BatchNormRecalibration {

    static final int BATCHES = 32;

    private BatchNormRecalibration() {}

    /**
     * @param networks whose E and G statistics are replaced in place (their weights are not touched)
     * @param train images E is measured on, drawn at random with replacement
     * @param batchSize images or codes per pass: the training batch, so that statistics are taken as in training
     * @param seed chooses the images
     */
    static void run(LatentNetworks networks, ImageSet train, int batchSize, long seed, NDManager manager) {
        Architecture arch = networks.architecture();
        ImageSpec spec = arch.imageSpec();
        List<Parameter> statistics = runningStatistics(networks);
        float[] momenta = momenta(arch, statistics.size());
        if (statistics.isEmpty()) {
            return;
        }
        List<NDArray> sums = new ArrayList<>();
        for (Parameter p : statistics) {
            sums.add(manager.zeros(p.getArray().getShape()));
        }
        Random choice = new Random(seed);
        int[] indices = new int[batchSize];
        float[] images = new float[batchSize * arch.imageSize()];
        Shape imageShape = new Shape(batchSize, arch.channels(), arch.height(), arch.width());
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < batchSize; i++) {
                indices[i] = choice.nextInt(train.size());
            }
            train.copyBatchScaled(indices, spec.pixelMin(), spec.pixelMax(), images);
            for (Parameter p : statistics) {
                p.getArray().muli(0);
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray mu = networks.encode(manager.create(images, imageShape), true).get(0);
                networks.generate(mu, true);
            }
            for (int i = 0; i < statistics.size(); i++) {
                sums.get(i).addi(statistics.get(i).getArray());
            }
        }
        for (int i = 0; i < statistics.size(); i++) {
            NDArray mean = sums.get(i).divi(momenta[i] * BATCHES);
            statistics.get(i).getArray().muli(0).addi(mean);
            mean.close();
        }
    }

    /** E's then G's running means and variances, in layer order. */
    private static List<Parameter> runningStatistics(LatentNetworks networks) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : networks.encoderGeneratorState()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                out.add(p);
            }
        }
        return out;
    }

    /** The momentum of each running statistic: each batch-norm layer of E, then G, has a mean and a variance. */
    private static float[] momenta(Architecture arch, int statistics) {
        List<Float> perLayer = new ArrayList<>();
        for (List<Layer> layers : List.of(arch.encoder(), arch.generator())) {
            for (Layer layer : layers) {
                if (layer instanceof Layer.BatchNorm norm) {
                    perLayer.add(norm.momentum());
                }
            }
        }
        if (2 * perLayer.size() != statistics) {
            throw new IllegalStateException(arch.name() + ": " + perLayer.size() + " batch-norm layers but "
                    + statistics + " running statistics");
        }
        float[] out = new float[statistics];
        for (int i = 0; i < statistics; i++) {
            out[i] = perLayer.get(i / 2);
        }
        return out;
    }
}
