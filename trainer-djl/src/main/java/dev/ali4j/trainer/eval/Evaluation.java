package dev.ali4j.trainer.eval;

import java.nio.file.Path;

/**
 * What {@link EvaluationSuite#run} measures and how: the settings of one evaluation, recorded
 * beside its results. Start from {@link #defaults()} and change what differs:
 *
 * <pre>{@code
 * Evaluation settings = Evaluation.defaults().withLimit(1000).withClassifier(Path.of("runs/classifier"));
 * EvaluationReport report = EvaluationSuite.run(Path.of("bundle"), splits, settings);
 * }</pre>
 *
 * <p>Every seeded part (the shuffled pairings, the prior samples for FID, the inpainting boxes,
 * the probe's subset of training images) draws from its own {@code java.util.Random(seed)}: the
 * same seed and bundle give the same numbers.
 *
 * @param limit test images evaluated: the first {@code limit}, or all when 0
 * @param seed the seed of every random choice
 * @param threads ONNX Runtime intra-op threads, 0 for its default
 * @param classifier a directory from {@code ali train-classifier}, or null: enables
 *     {@code label_preservation}, {@code classifier_accuracy} and {@code fid_classifier}
 * @param fidSamples prior samples G(z) for FID, compared with as many test images (at most all
 *     of them); 0 for as many as the test images evaluated
 * @param probe whether to fit the linear probe (needs labelled train and test images)
 * @param probeTrain training images encoded for the probe, a seeded random subset; 0 for all
 * @param probeIterations full-batch gradient steps of the probe
 * @param probeL2 the probe's L2 penalty on its weights
 * @param inpainting whether to measure inpainting error
 * @param inpaintRounds encode-decode-paste rounds of {@code Inpainting.inpaint}
 * @param boxMinFraction smallest inpainting box side, as a fraction of the image side
 * @param boxMaxFraction largest
 */
public record Evaluation(int limit, long seed, int threads, Path classifier, int fidSamples, boolean probe,
        int probeTrain, int probeIterations, double probeL2, boolean inpainting, int inpaintRounds,
        double boxMinFraction, double boxMaxFraction) {

    public static final int DEFAULT_LIMIT = 0;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_FID_SAMPLES = 0;
    /**
     * 10,000 training codes: as many as Fashion-MNIST's test split. Encoding them costs less than
     * the reconstruction pass over 10,000 test images (encoder only), and the fit is about 4 G
     * multiply-adds (see LinearProbe); all 60,000 would multiply both by six on a 2-core machine.
     * Not measured yet: how much the accuracy moves between 10,000 and 60,000 codes.
     */
    public static final int DEFAULT_PROBE_TRAIN = 10_000;
    /** Enough for the accelerated gradient to settle on standardised 64-d codes (see LinearProbe). */
    public static final int DEFAULT_PROBE_ITERATIONS = 300;
    public static final double DEFAULT_PROBE_L2 = 1e-4;
    /** The runtime's own default ({@code ali inpaint --rounds}). */
    public static final int DEFAULT_INPAINT_ROUNDS = 1;
    /** A quarter to a half of each side, as the GALI inpainting objective draws its boxes. */
    public static final double DEFAULT_BOX_MIN_FRACTION = 0.25;
    public static final double DEFAULT_BOX_MAX_FRACTION = 0.5;

    /** @throws IllegalArgumentException naming the first setting out of range */
    public Evaluation {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (default) or positive, got " + threads);
        }
        if (fidSamples < 0 || fidSamples == 1) {
            throw new IllegalArgumentException("FID samples must be 0 (as many as the test images) or at least 2, got "
                    + fidSamples);
        }
        if (probeTrain < 0) {
            throw new IllegalArgumentException("probe training images must be 0 (all) or positive, got " + probeTrain);
        }
        if (probeIterations < 1) {
            throw new IllegalArgumentException("probe iterations must be at least 1, got " + probeIterations);
        }
        if (!(probeL2 >= 0)) {
            throw new IllegalArgumentException("probe L2 must be at least 0, got " + probeL2);
        }
        if (inpaintRounds < 1) {
            throw new IllegalArgumentException("inpainting rounds must be at least 1, got " + inpaintRounds);
        }
        if (!(boxMinFraction > 0 && boxMinFraction <= boxMaxFraction && boxMaxFraction <= 1)) {
            throw new IllegalArgumentException("box sides must satisfy 0 < min <= max <= 1, got " + boxMinFraction
                    + " and " + boxMaxFraction);
        }
    }

    /** Every setting at its default; no classifier. */
    public static Evaluation defaults() {
        return new Evaluation(DEFAULT_LIMIT, DEFAULT_SEED, 0, null, DEFAULT_FID_SAMPLES, true, DEFAULT_PROBE_TRAIN,
                DEFAULT_PROBE_ITERATIONS, DEFAULT_PROBE_L2, true, DEFAULT_INPAINT_ROUNDS, DEFAULT_BOX_MIN_FRACTION,
                DEFAULT_BOX_MAX_FRACTION);
    }

    public Evaluation withLimit(int limit) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withSeed(long seed) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withThreads(int threads) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    /** @param classifier a classifier directory, or null for none */
    public Evaluation withClassifier(Path classifier) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withFidSamples(int fidSamples) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withProbe(boolean probe) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withProbeTrain(int probeTrain) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withProbeIterations(int probeIterations) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withInpainting(boolean inpainting) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }

    public Evaluation withInpaintRounds(int inpaintRounds) {
        return new Evaluation(limit, seed, threads, classifier, fidSamples, probe, probeTrain, probeIterations, probeL2,
                inpainting, inpaintRounds, boxMinFraction, boxMaxFraction);
    }
}
