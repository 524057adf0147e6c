package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Layer;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Re-measures E's and G's batch-norm statistics for their current weights, from the inputs they
 * serve in inference: E on training images, G on the codes E gives those images, and, for
 * sampling, G on codes drawn from the prior.
 *
 * <p>Why: batch norm keeps running statistics from every training-mode pass, and a tuple
 * objective runs E and G on each other's outputs too (GALI's E(G(E(x))) and G(E(G(z))), ALICE's
 * G(E(x)), ...), so the statistics become a blend of real and generated inputs, and the weight
 * average then averages statistics instead of measuring them for the averaged weights (the
 * flaw SWA's "bn_update" remedies). Exported in inference form, such statistics normalise real
 * images and their codes wrongly: on the full Fashion-MNIST they raised the held-out pixel MSE
 * by up to 47% for GALI-4 and by 10% for ALI (docs/RESULTS.md).
 *
 * <p>G has two sets of statistics because it decodes two kinds of codes. Reconstruction,
 * inpainting and interpolation decode mu(x); sampling decodes z ~ N(0, I), which spreads wider
 * (mu's variance per dimension was 0.08 to 0.72 in the 6-epoch models measured). Statistics
 * measured on one misnormalise the other: G measured on mu(x) drew samples with a classifier-FID
 * of 103 where G measured on the prior drew 58 (ALI), and 117 against 67 (ALICE); G measured on
 * the prior reconstructed with 1.15 to 1.9 times the pixel error. So {@link #run} measures G on
 * mu(x), and {@link #withGeneratorOnPrior} measures it on the prior for the samples and the
 * bundle's {@code sampler.onnx}.
 *
 * <p>The statistics become the plain mean of {@link #BATCHES} batches' statistics ("precise
 * batch norm"): before each training-mode pass, outside any gradient collector, the running
 * values are zeroed, so that the pass leaves momentum times its batch's statistics in them. The
 * images and prior codes come from Java-side generators seeded by the caller, so the engine's
 * random stream, and with it training, is untouched.
 */
public final class BatchNormRecalibration {

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
        Random choice = new Random(seed);
        int[] indices = new int[batchSize];
        float[] images = new float[batchSize * arch.imageSize()];
        Shape imageShape = new Shape(batchSize, arch.channels(), arch.height(), arch.width());
        measure(runningStatistics(networks.encoderGeneratorState()), momenta(List.of(arch.encoder(),
                arch.generator())), manager, () -> {
                    for (int i = 0; i < batchSize; i++) {
                        indices[i] = choice.nextInt(train.size());
                    }
                    train.copyBatchScaled(indices, spec.pixelMin(), spec.pixelMax(), images);
                    NDArray mu = networks.encode(manager.create(images, imageShape), true).get(0);
                    networks.generate(mu, true);
                });
    }

    /**
     * Runs {@code action} with G's statistics measured on codes drawn from the prior N(0, I), what
     * sampling decodes, then puts back the statistics G had. E is not touched; no data is needed.
     *
     * @param batchSize codes per pass: the training batch
     * @param seed draws the codes
     */
    public static void withGeneratorOnPrior(LatentNetworks networks, int batchSize, long seed, NDManager manager,
            TrainingRun.IoAction action) throws IOException {
        Architecture arch = networks.architecture();
        List<Parameter> statistics = runningStatistics(generatorState(networks));
        List<NDArray> kept = new ArrayList<>();
        for (Parameter p : statistics) {
            kept.add(p.getArray().duplicate());
        }
        try {
            Random prior = new Random(seed);
            float[] z = new float[batchSize * arch.latentSize()];
            Shape shape = new Shape(batchSize, arch.latentSize());
            measure(statistics, momenta(List.of(arch.generator())), manager, () -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) prior.nextGaussian();
                }
                networks.generate(manager.create(z, shape), true);
            });
            action.run();
        } finally {
            for (int i = 0; i < statistics.size(); i++) {
                statistics.get(i).getArray().muli(0).addi(kept.get(i));
                kept.get(i).close();
            }
        }
    }

    /** Replaces {@code statistics} by their mean over {@link #BATCHES} training-mode passes of {@code pass}. */
    static void measure(List<Parameter> statistics, List<Float> momenta, NDManager manager, Runnable pass) {
        if (2 * momenta.size() != statistics.size()) {
            throw new IllegalStateException(momenta.size() + " batch-norm layers but " + statistics.size()
                    + " running statistics");
        }
        if (statistics.isEmpty()) {
            return;
        }
        List<NDArray> sums = new ArrayList<>();
        for (Parameter p : statistics) {
            sums.add(manager.zeros(p.getArray().getShape()));
        }
        for (int b = 0; b < BATCHES; b++) {
            for (Parameter p : statistics) {
                p.getArray().muli(0);
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                pass.run();
            }
            for (int i = 0; i < statistics.size(); i++) {
                sums.get(i).addi(statistics.get(i).getArray());
            }
        }
        for (int i = 0; i < statistics.size(); i++) {
            NDArray mean = sums.get(i).divi(momenta.get(i / 2) * BATCHES);
            statistics.get(i).getArray().muli(0).addi(mean);
            mean.close();
        }
    }

    /** The running means and variances among {@code state}, in layer order. */
    static List<Parameter> runningStatistics(List<Parameter> state) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : state) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                out.add(p);
            }
        }
        return out;
    }

    static List<Parameter> generatorState(LatentNetworks networks) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : networks.generator().getParameters()) {
            out.add(p.getValue());
        }
        return out;
    }

    /** The momentum of each batch-norm layer of {@code networks}, in order: each has a mean and a variance. */
    static List<Float> momenta(List<List<Layer>> networks) {
        List<Float> perLayer = new ArrayList<>();
        for (List<Layer> layers : networks) {
            for (Layer layer : layers) {
                if (layer instanceof Layer.BatchNorm norm) {
                    perLayer.add(norm.momentum());
                }
            }
        }
        return perLayer;
    }
}
