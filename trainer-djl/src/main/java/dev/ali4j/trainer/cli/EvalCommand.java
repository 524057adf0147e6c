package dev.ali4j.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.eval.LabelPreservation;
import dev.ali4j.trainer.eval.ReconstructionEval;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ali eval}: reconstruction metrics of a bundle on test images, through ONNX Runtime. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a bundle on the test split through ONNX Runtime. Writes pixel_mse (x against "
                + "G(mu(x)), pixels in [0, 1]) and pixel_mse_shuffled (G(mu(x)) against another test image: the "
                + "chance level) to a JSON file; with --classifier also label_preservation (the classifier's accuracy on "
                + "G(mu(x)) against x's labels) and classifier_accuracy (its accuracy on x: the ceiling).")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Model bundle directory.")
    Path bundle;

    @Option(names = "--data", defaultValue = "embedded", paramLabel = "SPEC",
            description = "Data whose test split is used (see 'ali train --help'). Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--limit", defaultValue = "0", description = "Evaluate at most this many test images (0 = all).")
    int limit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the shuffled pairing. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = default).")
    int threads;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "Classifier directory from 'ali train-classifier': adds label_preservation. Needs labelled data.")
    Path classifier;

    @Option(names = "--out", defaultValue = "eval.json", paramLabel = "FILE", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (limit < 0 || threads < 0) {
            throw new IllegalArgumentException("--limit and --threads must be 0 (default) or positive");
        }
        ImageSpec image = Bundles.verify(bundle).image();
        DataSplits splits = DataSets.open(data, image.channels(), image.height(), image.width());
        ObjectNode json = evaluate(bundle, splits, limit, seed, threads, classifier);
        writeJson(json, out);
        System.out.printf("pixel_mse %.4f, pixel_mse_shuffled %.4f (ratio %.2f) on %d test images -> %s%n",
                json.get("pixel_mse").asDouble(), json.get("pixel_mse_shuffled").asDouble(),
                json.get("ratio").asDouble(), json.get("images").asInt(), out);
        if (classifier != null) {
            System.out.printf("label_preservation %.4f (classifier on G(mu(x))), classifier_accuracy %.4f (on x)%n",
                    json.get("label_preservation").asDouble(), json.get("classifier_accuracy").asDouble());
        }
        return 0;
    }

    /** Writes pretty-printed JSON atomically, creating the directory if needed. */
    static void writeJson(ObjectNode json, Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = (new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    /** Runs the evaluation and returns what eval.json holds. */
    static ObjectNode evaluate(Path bundle, DataSplits splits, int limit, long seed, int threads) throws Exception {
        return evaluate(bundle, splits, limit, seed, threads, null);
    }

    /**
     * Runs the evaluation and returns what eval.json holds.
     *
     * @param classifier a classifier directory, or null for no label_preservation
     */
    static ObjectNode evaluate(Path bundle, DataSplits splits, int limit, long seed, int threads, Path classifier)
            throws Exception {
        RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(threads).build();
        // DJL (and its native library) only when a classifier is asked for; null resources are skipped.
        try (NDManager manager = classifier == null ? null : NDManager.newBaseManager();
                FrozenClassifier m = manager == null ? null : FrozenClassifier.load(classifier, manager);
                OnnxLatentModel model = OnnxLatentModel.load(bundle, options)) {
            if (m != null) {
                m.checkLabelledImagesFit(splits.test()); // before the long part
            }
            long start = System.nanoTime();
            ReconstructionEval.Result r = ReconstructionEval.evaluate(model, splits.test(), limit, seed);
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("bundle", bundle.toString());
            json.put("data", splits.description());
            json.put("images", r.images());
            json.put("pixel_mse", r.pixelMse());
            json.put("pixel_mse_shuffled", r.pixelMseShuffled());
            json.put("ratio", r.ratio());
            json.put("seed", seed);
            if (m != null) {
                LabelPreservation.Result labels = LabelPreservation.evaluate(model, m, splits.test(), limit);
                json.put("classifier", classifier.toString());
                json.put("label_preservation", labels.labelPreservation());
                json.put("classifier_accuracy", labels.classifierAccuracy());
            }
            json.put("seconds", (System.nanoTime() - start) / 1e9);
            return json;
        }
    }
}
