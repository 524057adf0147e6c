package dev.ali4j.trainer.anomaly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.trainer.JsonFiles;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import dev.ali4j.trainer.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The standard one-class protocol: for each class c, train on the training images of class c
 * only, score every test image, and measure each score's AUROC with "label other than c" as the
 * anomaly; beside the model's scores, the PCA floor fitted on the same images. A class whose
 * {@code class-C/result.json} exists is not run again, so a stopped benchmark continues; a class
 * with a bundle and {@code training.json} but no result is scored again without training. Both
 * files record the settings, and a class done with other settings stops the run rather than
 * being mixed into its table.
 */
public final class OneClassBenchmark {

    /** The classical floor's name in results. */
    public static final String PCA = "pca";
    /** Where a class's training time is kept beside its bundle. */
    static final String TRAINING_FILE = "training.json";
    private static final String SETTINGS = "settings";

    private final TrainingConfig config;
    private final int pcaComponents;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /**
     * @param config how each class's model is trained
     * @param pcaComponents components of the PCA floor
     */
    public OneClassBenchmark(TrainingConfig config, int pcaComponents) {
        this.config = config;
        this.pcaComponents = pcaComponents;
    }

    /** Adds a listener to every class's training, e.g. progress bars. */
    public OneClassBenchmark addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Runs the classes not yet done and returns every class's result, in the order given.
     *
     * @param data labelled data; its test split is scored whole
     * @param classes the normal class of each one-class problem
     * @param out where runs, bundles, ROC pictures and results go
     * @param log one line per finished class
     */
    public List<JsonNode> run(DataSplits data, List<Integer> classes, Path out, Consumer<String> log)
            throws IOException {
        // Every class already done is checked first: a mismatch found after hours of training
        // the others would leave a directory of mixed settings.
        for (int c : classes) {
            Path dir = out.resolve("class-" + c);
            sameSettings(dir.resolve("result.json"), settings(true));
            sameSettings(dir.resolve(TRAINING_FILE), settings(false));
        }
        List<JsonNode> results = new ArrayList<>();
        for (int c : classes) {
            Path file = out.resolve("class-" + c).resolve("result.json");
            if (!Files.isRegularFile(file)) {
                JsonFiles.write(runClass(data, c, out.resolve("class-" + c)), file);
            }
            JsonNode result = new ObjectMapper().readTree(file.toFile());
            log.accept(line(result));
            results.add(result);
        }
        return results;
    }

    private ObjectNode runClass(DataSplits data, int c, Path dir) throws IOException {
        DataSplits normal = data.onlyClasses(Set.of(c));
        double trainSeconds = train(normal, dir);
        BundleManifest manifest = Bundles.verify(dir.resolve("bundle"));

        ImageSet test = data.test();
        boolean[] anomalous = new boolean[test.size()];
        for (int i = 0; i < anomalous.length; i++) {
            anomalous[i] = test.label(i) != c;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        long start = System.nanoTime();
        // Calibrated as ali calibrate does (profile of the training images, percentiles on class c's
        // test images; percentiles do not change an AUROC): the bundle gives every score, and is
        // one an app could ship.
        Calibrator.calibrateBundle(dir.resolve("bundle"), AnomalyScoreKind.DEFAULT, normal);
        try (OnnxLatentModel model = OnnxLatentModel.load(dir.resolve("bundle"))) {
            AnomalyScorer scorer = new AnomalyScorer(model);
            Set<AnomalyScoreKind> kinds = EnumSet.copyOf(scorer.available());
            ImageSetScores.score(scorer, manifest.image(), test, kinds)
                    .forEach((kind, values) -> scores.put(kind.label(), values));
        }
        double scoreSeconds = (System.nanoTime() - start) / 1e9;
        scores.put(PCA, PcaFloor.fit(normal.train(), pcaComponents).score(test));

        Map<String, Roc> rocs = new LinkedHashMap<>();
        scores.forEach((name, values) -> rocs.put(name, Roc.of(values, anomalous)));
        RocChart.write(rocs, "class " + c + " normal, " + config.objective().name(), dir.resolve("roc.png"));

        ObjectNode result = new ObjectMapper().createObjectNode();
        result.set(SETTINGS, settings(true));
        result.put("class", c);
        result.put("train_images", normal.train().size());
        result.put("test_images", test.size());
        result.put("train_seconds", trainSeconds);
        result.put("score_seconds_10k", scoreSeconds * 10_000 / test.size());
        ObjectNode auroc = result.putObject("auroc");
        rocs.forEach((name, roc) -> auroc.put(name, roc.auroc()));
        return result;
    }

    /**
     * Trains and exports class {@code c}'s model, or keeps the one a stopped benchmark left (its
     * bundle and {@code training.json}), so that scoring alone can be run again.
     *
     * @return the training's seconds
     */
    private double train(DataSplits normal, Path dir) throws IOException {
        Path record = dir.resolve(TRAINING_FILE);
        if (Files.isRegularFile(record) && Files.isRegularFile(dir.resolve("bundle").resolve(BundleManifest.FILE_NAME))) {
            return new ObjectMapper().readTree(record.toFile()).get("train_seconds").asDouble();
        }
        long start = System.nanoTime();
        LatentModelTrainer trainer = new LatentModelTrainer(config);
        listeners.forEach(trainer::addListener);
        trainer.fit(normal, dir.resolve("run"));
        double seconds = (System.nanoTime() - start) / 1e9;
        BundleExporter.export(dir.resolve("run"), dir.resolve("bundle"));
        ObjectNode training = new ObjectMapper().createObjectNode().put("train_seconds", seconds);
        training.set(SETTINGS, settings(false));
        JsonFiles.write(training, record);
        return seconds;
    }

    /**
     * What a class's files must agree on to be reused: the training configuration, and for a
     * result also the PCA floor's components.
     */
    private ObjectNode settings(boolean withPca) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode settings = json.createObjectNode();
        settings.set("training", json.valueToTree(config));
        if (withPca) {
            settings.put("pca_components", pcaComponents);
        }
        try { // as read back from a file, so that a float compares equal to itself
            return (ObjectNode) json.readTree(json.writeValueAsString(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses a file written with other settings, naming the first that differs; files from before
     * settings were recorded are taken as they are.
     */
    private static void sameSettings(Path file, ObjectNode ours) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode theirs = new ObjectMapper().readTree(file.toFile()).get(SETTINGS);
        if (theirs == null) {
            return;
        }
        String difference = firstDifference("", theirs, ours);
        if (difference != null) {
            String redo = difference.startsWith("training.") ? "delete " + file.getParent() + " to train that class again"
                    : "delete " + file + " to score that class again";
            throw new IllegalStateException(file + " was written with other settings (" + difference
                    + "): choose another output directory, or " + redo);
        }
    }

    /** @return "path: A there, B here" for the first field that differs, or null */
    private static String firstDifference(String path, JsonNode theirs, JsonNode ours) {
        if (theirs.isObject() && ours.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            theirs.fieldNames().forEachRemaining(names::add);
            ours.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode a = theirs.path(name);
                JsonNode b = ours.path(name);
                String inner = firstDifference(path.isEmpty() ? name : path + "." + name, a, b);
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        return theirs.equals(ours) ? null : path + ": " + theirs + " there, " + ours + " here";
    }

    private static String line(JsonNode result) {
        StringBuilder s = new StringBuilder("class " + result.get("class").asInt() + ": AUROC");
        result.get("auroc").fields().forEachRemaining(e -> s.append(String.format(" %s %.4f", e.getKey(),
                e.getValue().asDouble())));
        return s.append(String.format(" (trained in %.0f s)", result.get("train_seconds").asDouble())).toString();
    }
}
