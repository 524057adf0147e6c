package dev.ali4j.trainer.eval;

import ai.djl.ndarray.NDManager;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.trainer.classifier.ClassifierArchitecture;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Evaluates a bundle on held-out images through ONNX Runtime: reconstruction error and its chance
 * level, and, as the settings and data allow, label preservation, FID in a classifier's feature
 * space, a linear probe on the encoder's means, and inpainting error.
 *
 * <pre>{@code
 * DataSplits splits = DataSets.open("fashion-mnist", 1, 28, 28);
 * EvaluationReport report = EvaluationSuite.run(Path.of("bundle"), splits,
 *         Evaluation.defaults().withClassifier(Path.of("runs/classifier")));
 * System.out.println(report.fid().orElseThrow().distance());
 * }</pre>
 */
public final class EvaluationSuite {

    private static final int BATCH = 100;

    private EvaluationSuite() {}

    /**
     * Runs every measurement the settings ask for. Metrics that need labels are skipped, with a
     * note, when the data has none; nothing else is skipped silently.
     *
     * @throws IllegalArgumentException if the classifier, the model and the data do not share an
     *     image shape, or the model's pixels are not in [-1, 1] when a classifier is given
     * @throws java.io.IOException if the bundle or the classifier cannot be read
     */
    public static EvaluationReport run(Path bundle, DataSplits splits, Evaluation settings) throws Exception {
        RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(settings.threads()).build();
        Path classifierDir = settings.classifier();
        // DJL (and its native library) only when a classifier is asked for; null resources are skipped.
        try (NDManager manager = classifierDir == null ? null : NDManager.newBaseManager();
                FrozenClassifier m = manager == null ? null : FrozenClassifier.load(classifierDir, manager);
                OnnxLatentModel model = OnnxLatentModel.load(bundle, options)) {
            return run(model, m, bundle.toString(), splits, settings);
        }
    }

    /**
     * Runs on a loaded model and an optional loaded classifier (which must be the settings'
     * classifier, or null when the settings name none).
     */
    public static EvaluationReport run(LatentModel model, FrozenClassifier classifier, String bundle,
            DataSplits splits, Evaluation settings) {
        if ((classifier == null) != (settings.classifier() == null)) {
            throw new IllegalArgumentException("the classifier given and the settings' classifier disagree");
        }
        ImageSet test = splits.test();
        List<String> notes = new ArrayList<>();
        if (classifier != null) { // before the long part
            classifier.checkImagesFit(test);
            checkTanhRange(model);
        }
        long start = System.nanoTime();
        ReconstructionEval.Result reconstruction =
                ReconstructionEval.evaluate(model, test, settings.limit(), settings.seed());
        int n = reconstruction.images();

        Optional<LabelPreservation.Result> labels = Optional.empty();
        Optional<EvaluationReport.Fid> fid = Optional.empty();
        if (classifier != null) {
            if (test.hasLabels()) {
                labels = Optional.of(LabelPreservation.evaluate(model, classifier, test, settings.limit()));
            } else {
                notes.add("label_preservation and classifier_accuracy skipped: " + test.name() + " has no labels");
            }
            fid = Optional.of(fid(model, classifier, test, settings.fidSamples() > 0 ? settings.fidSamples() : n,
                    settings.seed()));
        }

        Optional<EvaluationReport.Probe> probe = Optional.empty();
        if (settings.probe()) {
            if (!splits.train().hasLabels() || !test.hasLabels()) {
                notes.add("linear_probe_accuracy skipped: "
                        + (splits.train().hasLabels() ? test.name() : splits.train().name()) + " has no labels");
            } else {
                probe = probe(model, splits.train(), test, n, settings, notes);
            }
        }

        Optional<InpaintingEval.Result> inpainting = Optional.empty();
        if (settings.inpainting()) {
            inpainting = Optional.of(InpaintingEval.evaluate(model, test, n, settings.inpaintRounds(),
                    settings.boxMinFraction(), settings.boxMaxFraction(), settings.seed()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvaluationReport(settings, bundle, splits.description(), reconstruction, labels, fid, probe,
                inpainting, notes, seconds);
    }

    /**
     * FID in the classifier's feature space: {@code count} prior samples ({@code decodePrior}), decoded from the codes
     * {@code Sampling.sample(model, count, seed)} would draw, against the first
     * {@code min(count, test.size())} test images.
     */
    static EvaluationReport.Fid fid(LatentModel model, FrozenClassifier classifier, ImageSet test, int count, long seed) {
        int d = model.manifest().latent().size();
        float[] z = Sampling.standardNormal(Math.multiplyExact(count, d), seed);
        int width = classifier.featureSize();
        float[] generated = new float[Math.multiplyExact(count, width)];
        int[] generatedClasses = new int[count];
        for (int from = 0; from < count; from += BATCH) {
            int k = Math.min(BATCH, count - from);
            float[] batch = Arrays.copyOfRange(z, from * d, (from + k) * d);
            ImageTensor images = model.decodePrior(batch, k);
            FrozenClassifier.Outputs outputs = classifier.featuresAndClasses(images.data(), k);
            System.arraycopy(outputs.features(), 0, generated, from * width, k * width);
            System.arraycopy(outputs.classes(), 0, generatedClasses, from, k);
        }
        int real = Math.min(count, test.size());
        float[] realFeatures = new float[real * width];
        int[] realClasses = new int[real];
        for (int from = 0; from < real; from += BATCH) {
            int k = Math.min(BATCH, real - from);
            float[] x = test.rangeScaled(from, k, ClassifierArchitecture.PIXEL_MIN, ClassifierArchitecture.PIXEL_MAX);
            FrozenClassifier.Outputs outputs = classifier.featuresAndClasses(x, k);
            System.arraycopy(outputs.features(), 0, realFeatures, from * width, k * width);
            System.arraycopy(outputs.classes(), 0, realClasses, from, k);
        }
        BundleManifest manifest = model.manifest();
        String network = (manifest.sampler() != null ? manifest.sampler() : manifest.generator()).file();
        return new EvaluationReport.Fid(FrechetDistance.between(generated, realFeatures, width), count, real, width,
                network, ClassMix.of(generatedClasses, realClasses, classifier.classes()));
    }

    private static Optional<EvaluationReport.Probe> probe(LatentModel model, ImageSet train, ImageSet test, int n,
            Evaluation settings, List<String> notes) {
        int[] trainIndices = subset(train.size(), settings.probeTrain(), new Random(settings.seed()));
        int[] testIndices = new int[n];
        Arrays.setAll(testIndices, i -> i);
        int[] trainLabels = labels(train, trainIndices);
        int[] testLabels = labels(test, testIndices);
        int classes = 1 + Math.max(Arrays.stream(trainLabels).max().orElse(0), Arrays.stream(testLabels).max().orElse(0));
        if (classes < 2) {
            notes.add("linear_probe_accuracy skipped: the labels hold fewer than 2 classes");
            return Optional.empty();
        }
        int d = model.manifest().latent().size();
        LinearProbe fitted = LinearProbe.fit(means(model, train, trainIndices), trainLabels, d, classes,
                settings.probeIterations(), settings.probeL2());
        double accuracy = fitted.accuracy(means(model, test, testIndices), testLabels);
        return Optional.of(new EvaluationReport.Probe(accuracy, trainIndices.length, n, classes));
    }

    /** {@code wanted} distinct indices below {@code size} drawn by a partial Fisher-Yates shuffle, sorted; all when 0 or more. */
    static int[] subset(int size, int wanted, Random random) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        if (wanted == 0 || wanted >= size) {
            return all;
        }
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, wanted);
        Arrays.sort(out);
        return out;
    }

    private static int[] labels(ImageSet set, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = set.label(indices[i]);
            if (out[i] < 0) {
                throw new IllegalArgumentException(set.name() + " has a negative label: " + out[i]);
            }
        }
        return out;
    }

    /** mu(x) of the chosen images, in batches: {@code indices.length * d} floats. */
    static float[] means(LatentModel model, ImageSet set, int[] indices) {
        ImageSpec spec = model.manifest().image();
        int d = model.manifest().latent().size();
        float[] out = new float[Math.multiplyExact(indices.length, d)];
        for (int from = 0; from < indices.length; from += BATCH) {
            int k = Math.min(BATCH, indices.length - from);
            float[] x = set.batchScaled(Arrays.copyOfRange(indices, from, from + k), spec.pixelMin(), spec.pixelMax());
            float[] mu = model.encode(new ImageTensor(x, k, spec.channels(), spec.height(), spec.width())).mu();
            System.arraycopy(mu, 0, out, from * d, k * d);
        }
        return out;
    }

    private static void checkTanhRange(LatentModel model) {
        ImageSpec spec = model.manifest().image();
        if (spec.pixelMin() != ClassifierArchitecture.PIXEL_MIN
                || spec.pixelMax() != ClassifierArchitecture.PIXEL_MAX) {
            throw new IllegalArgumentException("the classifier takes pixels in [-1, 1] but the model's images are in ["
                    + spec.pixelMin() + ", " + spec.pixelMax() + "]");
        }
    }
}
