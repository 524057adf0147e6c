package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.eval.Evaluation;
import dev.ali4j.trainer.eval.EvaluationSuite;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ali train-classifier} and {@code ali eval --classifier} on a tiny ALI model and a tiny classifier. */
class ClassifierCommandsTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static DataSplits data;
    static Path bundle;
    static Path classifier;

    @BeforeAll
    static void trainBothBriefly() throws IOException {
        data = DataSets.open("embedded");
        Path run = shared.resolve("run");
        new LatentModelTrainer(TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(20).learningRate(2e-4f).seed(7).trainLimit(200).averageDecay(0.9f).build()).fit(data, run);
        bundle = shared.resolve("bundle");
        BundleExporter.export(run, bundle);
        classifier = shared.resolve("classifier");
        Outcome trained = run("train-classifier", "--out", classifier.toString(), "--epochs", "1", "--batch-size", "50",
                "--limit", "2000", "--base", "8", "--features", "32", "--seed", "3");
        assertEquals(0, trained.code(), trained.err());
    }

    private record Outcome(int code, String err) {}

    private static Outcome run(String... args) {
        CommandLine cli = AliCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Outcome(code, err.toString());
    }

    @Test
    void labelPreservationIsAnAccuracyAndTheCeilingIsTheClassifiersOwnTestAccuracy() throws Exception {
        ObjectNode json = EvaluationSuite.run(bundle, data,
                Evaluation.defaults().withClassifier(classifier).withProbe(false).withInpainting(false)).toJson();
        double preserved = json.get("label_preservation").asDouble();
        assertTrue(preserved >= 0 && preserved <= 1, "label_preservation " + preserved);
        double recorded;
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier m = FrozenClassifier.load(classifier, manager)) {
            recorded = m.info().testAccuracy();
        }
        assertEquals(recorded, json.get("classifier_accuracy").asDouble(), "accuracy on x, as train-classifier measured it");
        assertTrue(recorded > 0.4, "the classifier beats chance: " + recorded);
        assertTrue(json.get("pixel_mse").asDouble() > 0, json.toString());
    }

    @Test
    void evalWritesLabelPreservationOnlyWhenAClassifierIsGiven() throws IOException {
        Path with = dir.resolve("with.json");
        assertEquals(0, run("eval", "--bundle", bundle.toString(), "--classifier", classifier.toString(), "--limit", "50",
                "--out", with.toString()).code());
        JsonNode json = new ObjectMapper().readTree(with.toFile());
        assertEquals(50, json.get("images").asInt());
        assertTrue(json.has("label_preservation") && json.has("classifier_accuracy"), json.toString());

        Path without = dir.resolve("without.json");
        assertEquals(0, run("eval", "--bundle", bundle.toString(), "--limit", "50", "--out", without.toString()).code());
        assertFalse(new ObjectMapper().readTree(without.toFile()).has("label_preservation"));
    }

    @Test
    void aMissingClassifierUnlabelledDataOrAnotherImageShapeGiveOneClearLine() throws IOException {
        Outcome missing = run("eval", "--bundle", bundle.toString(), "--classifier", dir.resolve("nowhere").toString(),
                "--out", dir.resolve("e.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nowhere") && missing.err().contains("no classifier directory"), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());

        Path unlabelled = idxDirectory(dir.resolve("unlabelled"), 28, false);
        // Unlabelled data: the metrics that need labels are skipped with a note; the rest are measured.
        Path noLabelsFile = dir.resolve("unlabelled.json");
        Outcome noLabels = run("eval", "--bundle", bundle.toString(), "--data", unlabelled.toString(),
                "--classifier", classifier.toString(), "--out", noLabelsFile.toString());
        assertEquals(0, noLabels.code(), noLabels.err());
        JsonNode unlabelledJson = new ObjectMapper().readTree(noLabelsFile.toFile());
        assertFalse(unlabelledJson.has("label_preservation") || unlabelledJson.has("linear_probe_accuracy"),
                unlabelledJson.toString());
        assertTrue(unlabelledJson.get("notes").toString().contains("has no labels"), unlabelledJson.toString());
        assertTrue(unlabelledJson.has("fid_classifier") && unlabelledJson.has("inpainting_mse"), unlabelledJson.toString());
        Outcome trainUnlabelled = run("train-classifier", "--data", unlabelled.toString(), "--out",
                dir.resolve("c").toString());
        assertEquals(2, trainUnlabelled.code());
        assertTrue(trainUnlabelled.err().contains("has no labels"), trainUnlabelled.err());

        Path small = idxDirectory(dir.resolve("small"), 8, true);
        Outcome shape = run("eval", "--bundle", bundle.toString(), "--data", small.toString(),
                "--classifier", classifier.toString(), "--out", dir.resolve("e.json").toString());
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("1x8x8 but the classifier takes 1x28x28"), shape.err());
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    /** Train and test IDX files of 4 black images each, with or without label files. */
    private static Path idxDirectory(Path dir, int side, boolean labels) throws IOException {
        Files.createDirectories(dir);
        for (String split : new String[] {"train", "t10k"}) {
            ByteBuffer images = ByteBuffer.allocate(16 + 4 * side * side).putInt(0x803).putInt(4).putInt(side).putInt(side);
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), images.array());
            if (labels) {
                ByteBuffer values = ByteBuffer.allocate(8 + 4).putInt(0x801).putInt(4).put(new byte[] {0, 1, 2, 3});
                Files.write(dir.resolve(split + "-labels-idx1-ubyte"), values.array());
            }
        }
        return dir;
    }
}
