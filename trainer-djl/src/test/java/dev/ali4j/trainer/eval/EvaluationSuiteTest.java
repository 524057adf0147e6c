package dev.ali4j.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.classifier.ClassifierConfig;
import dev.ali4j.trainer.classifier.ClassifierTrainer;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation suite end to end on a tiny ALI bundle and a tiny classifier, both trained briefly here. */
class EvaluationSuiteTest {

    @TempDir
    static Path shared;

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
        new ClassifierTrainer(new ClassifierConfig(1, 50, 1e-3f, 3, 500, 4, 16)).fit(data, classifier);
    }

    @Test
    void evalWithAClassifierWritesEveryMetricFiniteAndTheSettingsItUsed() throws Exception {
        Evaluation settings = Evaluation.defaults().withClassifier(classifier).withLimit(60).withFidSamples(40)
                .withProbeTrain(300).withInpaintRounds(2).withSeed(5);
        Path out = shared.resolve("eval.json");
        EvaluationSuite.run(bundle, data, settings).writeJson(out);
        JsonNode json = new ObjectMapper().readTree(out.toFile());

        for (String key : List.of("pixel_mse", "pixel_mse_shuffled", "ratio", "images", "label_preservation",
                "classifier_accuracy", "fid_classifier", "fid_generated", "fid_real", "linear_probe_accuracy",
                "probe_train_codes", "probe_classes", "inpainting_mse", "inpainting_mse_shuffled",
                "inpainting_box_min_side", "inpainting_box_max_side", "seed", "seconds")) {
            assertTrue(json.has(key) && json.get(key).isNumber(), key + " missing or not a number: " + json);
            assertTrue(Double.isFinite(json.get(key).asDouble()), key + " is not finite: " + json);
        }
        for (String key : List.of("label_preservation", "classifier_accuracy", "linear_probe_accuracy")) {
            double v = json.get(key).asDouble();
            assertTrue(v >= 0 && v <= 1, key + " " + v);
        }
        assertTrue(json.get("fid_classifier").asDouble() >= 0);
        assertTrue(json.get("inpainting_mse").asDouble() > 0 && json.get("pixel_mse").asDouble() > 0, json.toString());
        assertEquals(60, json.get("images").asInt());
        assertEquals(40, json.get("fid_generated").asInt());
        assertEquals(40, json.get("fid_real").asInt());
        assertEquals("sampler.onnx", json.get("fid_network").asText(), "samples come from the prior's generator");
        double tv = json.get("sample_class_tv").asDouble();
        assertTrue(tv >= 0 && tv <= 1, "sample_class_tv " + tv);
        for (String key : List.of("sample_class_shares", "real_class_shares")) {
            JsonNode shares = json.get(key);
            assertEquals(10, shares.size(), key + ": one share per class");
            double sum = 0;
            for (JsonNode share : shares) {
                sum += share.asDouble();
            }
            assertEquals(1, sum, 1e-9, key + " sums to 1");
        }
        assertEquals(300, json.get("probe_train_codes").asInt());
        assertEquals(10, json.get("probe_classes").asInt());
        assertEquals(7, json.get("inpainting_box_min_side").asInt());
        assertEquals(14, json.get("inpainting_box_max_side").asInt());
        assertEquals(bundle.toString(), json.get("bundle").asText());
        assertEquals(classifier.toString(), json.get("classifier").asText());
        assertEquals(data.description(), json.get("data").asText());
        assertFalse(json.has("notes"), json.toString());

        JsonNode s = json.get("settings");
        assertEquals(60, s.get("limit").asInt());
        assertEquals(5, s.get("seed").asLong());
        assertEquals(5, json.get("seed").asLong());
        assertEquals(40, s.get("fid_samples").asInt());
        assertEquals(300, s.get("probe_train").asInt());
        assertEquals(Evaluation.DEFAULT_PROBE_ITERATIONS, s.get("probe_iterations").asInt());
        assertEquals(Evaluation.DEFAULT_PROBE_L2, s.get("probe_l2").asDouble());
        assertEquals(2, s.get("inpaint_rounds").asInt());
        assertEquals(0.25, s.get("inpaint_box_min_fraction").asDouble());
        assertEquals(0.5, s.get("inpaint_box_max_fraction").asDouble());
        assertEquals(classifier.toString(), s.get("classifier").asText());
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOtherBoxesAndSamples() throws Exception {
        Evaluation settings = Evaluation.defaults().withClassifier(classifier).withLimit(30).withProbeTrain(200);
        ObjectNode a = EvaluationSuite.run(bundle, data, settings).toJson();
        ObjectNode b = EvaluationSuite.run(bundle, data, settings).toJson();
        ObjectNode c = EvaluationSuite.run(bundle, data, settings.withSeed(2)).toJson();
        for (String key : List.of("pixel_mse", "pixel_mse_shuffled", "fid_classifier", "linear_probe_accuracy",
                "inpainting_mse", "inpainting_mse_shuffled", "label_preservation")) {
            assertEquals(a.get(key).asDouble(), b.get(key).asDouble(), key);
        }
        assertEquals(a.get("pixel_mse").asDouble(), c.get("pixel_mse").asDouble(), "no randomness in pixel_mse");
        assertNotEquals(a.get("inpainting_mse").asDouble(), c.get("inpainting_mse").asDouble());
        assertNotEquals(a.get("fid_classifier").asDouble(), c.get("fid_classifier").asDouble());
    }
}
