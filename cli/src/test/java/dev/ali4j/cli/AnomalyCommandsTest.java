package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.NormalProfile;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.server.TestBundle;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ali calibrate and ali score on a real bundle, real PNG files and the embedded Fashion-MNIST sample. */
class AnomalyCommandsTest {
    @TempDir
    Path tmp;
    private Path bundle;
    @BeforeEach
    void tinyBundle() throws IOException {
        bundle = TestBundle.install(tmp.resolve("bundle"));
    }

    private CliRun last;

    private int run(String... args) {
        last = CliRun.of(args);
        return last.code();
    }

    private List<JsonNode> scoreLines(Path... images) throws IOException {
        String[] args = new String[images.length + 3];
        args[0] = "score";
        args[1] = "--bundle";
        args[2] = bundle.toString();
        for (int i = 0; i < images.length; i++) {
            args[i + 3] = images[i].toString();
        }
        assertEquals(0, run(args), last.err());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : last.out().lines().collect(Collectors.toList())) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    @Test
    void scorePrintsTheLibrarysScoresOneLinePerImage() throws IOException {
        Path a = TestBundle.greyPng(tmp, "a.png", 28, 28, 0);
        Path b = TestBundle.greyPng(tmp, "b.png", 40, 30, 90);
        List<JsonNode> lines = scoreLines(a, b);
        assertEquals(2, lines.size());
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            for (int i = 0; i < 2; i++) {
                Path image = i == 0 ? a : b;
                AnomalyScores expected = new AnomalyScorer(model)
                        .score(ImageFiles.read(List.of(image), model.manifest().image()));
                JsonNode line = lines.get(i);
                assertEquals(image.toString(), line.get("file").asText());
                assertEquals(AnomalyScoreKind.UNCALIBRATED.label(), line.get("score").asText());
                assertEquals(expected.value(0), line.get("value").asDouble(), 1e-4);
                assertEquals(4, expected.kinds().size(), "all but the two scores that need a profile");
                for (AnomalyScoreKind kind : expected.kinds()) {
                    assertEquals(expected.value(kind, 0), line.get("scores").get(kind.label()).asDouble(), 1e-4,
                            kind.label());
                }
                assertTrue(line.get("percentile").isNull(), "not calibrated yet");
                assertTrue(line.get("anomalous").isNull());
            }
        }
    }

    @Test
    void calibrateWritesPercentilesThatScoreThenUses() throws IOException {
        assertEquals(0, run("calibrate", "--bundle", bundle.toString(), "--data", "embedded",
                "--classes", "7", "--score", "latent"), last.err());
        assertTrue(last.out().matches("(?s)Profiled \\d+ training images; calibrated the latent score on .*"),
                last.out());
        Calibration calibration = Bundles.verify(bundle).calibration();
        assertEquals(AnomalyScoreKind.LATENT, calibration.score());
        assertTrue(calibration.data().contains("classes 7 only"), calibration.data());
        assertTrue(calibration.images() > 50 && calibration.images() < 200, "class 7 of the 1,000 held-out images: "
                + calibration.images());

        JsonNode line = scoreLines(TestBundle.greyPng(tmp, "a.png", 28, 28, 3)).get(0);
        assertEquals("latent", line.get("score").asText());
        double percentile = line.get("percentile").asDouble();
        assertTrue(percentile >= 0 && percentile <= 100, line.toString());
        assertEquals(calibration.percentile(line.get("value").asDouble()), percentile, 1e-6);
        assertEquals(Calibration.isAnomalous(percentile), line.get("anomalous").asBoolean());
    }

    @Test
    void calibratingByDefaultGivesTheCombinedScoreAndItsParts() throws IOException {
        assertEquals(0, run("calibrate", "--bundle", bundle.toString(), "--data", "embedded", "--classes", "7"),
                last.err());
        Calibration calibration = Bundles.verify(bundle).calibration();
        assertEquals(AnomalyScoreKind.DEFAULT, calibration.score());
        assertEquals(AnomalyScoreKind.COMBINED, calibration.score(), "the benchmark's choice");
        NormalProfile profile = calibration.profile();
        ImageSet sevens = DataSets.open("embedded").onlyClasses(Set.of(7)).train();
        assertEquals(sevens.size(), profile.images(), "every training image of class 7");
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            // The profile is the Gaussian of the training codes: their mean, and a precision under
            // which their squared distances average d (the trace of P S, a little less for the ridge).
            ImageSpec spec = model.manifest().image();
            float[] mu = model.encode(new ImageTensor(sevens.rangeScaled(0, sevens.size(), spec.pixelMin(),
                    spec.pixelMax()), sevens.size(), 1, 28, 28)).mu();
            int d = TestBundle.D;
            double meanDensity = 0;
            for (int i = 0; i < sevens.size(); i++) {
                meanDensity += profile.density(mu, i) / sevens.size();
            }
            assertEquals(d, meanDensity, 0.05 * d);
            for (int k = 0; k < d; k++) {
                double mean = 0;
                for (int i = 0; i < sevens.size(); i++) {
                    mean += mu[i * d + k] / sevens.size();
                }
                assertEquals(mean, profile.latentMean()[k], 1e-4);
            }
        }

        Path image = TestBundle.greyPng(tmp, "a.png", 28, 28, 3);
        JsonNode line = scoreLines(image).get(0);
        assertEquals("combined", line.get("score").asText());
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            AnomalyScores expected = new AnomalyScorer(model).score(ImageFiles.read(List.of(image),
                    model.manifest().image()));
            assertEquals(AnomalyScoreKind.values().length, expected.kinds().size());
            for (AnomalyScoreKind kind : AnomalyScoreKind.values()) {
                assertEquals(expected.value(kind, 0), line.get("scores").get(kind.label()).asDouble(), 1e-4,
                        kind.label());
            }
        }
        // Combined is reconstruction and density on one scale: each standardised by the profile.
        float[] rec = calibration.profile().logReconstruction();
        float[] den = calibration.profile().logDensity();
        double reconstruction = line.get("scores").get("reconstruction").asDouble();
        double density = line.get("scores").get("density").asDouble();
        assertEquals((Math.log(reconstruction) - rec[0]) / rec[1] + (Math.log(density) - den[0]) / den[1],
                line.get("value").asDouble(), 1e-3);
    }

    @Test
    void badRequestsGetOneLineNamingTheFault() throws IOException {
        assertEquals(Cli.EXIT_ERROR, run("calibrate", "--bundle", bundle.toString(), "--data", "embedded",
                "--classes", "42"));
        assertOneLineError("ali calibrate: --classes: in the training split of embedded");
        assertTrue(last.err().strip().endsWith("no image has a label in [42] (its labels run from 0 to 9)"),
                last.err());

        assertEquals(Cli.EXIT_ERROR, run("score", "--bundle", bundle.toString(), "--score", "psnr",
                TestBundle.greyPng(tmp, "a.png", 28, 28, 0).toString()));
        assertOneLineError("ali score: unknown anomaly score \"psnr\"");

        BundleManifest manifest = Bundles.verify(bundle);
        Bundles.write(bundle, manifest.toBuilder().discriminator(null).files(java.util.Map.of()).build());
        assertEquals(Cli.EXIT_ERROR, run("calibrate", "--bundle", bundle.toString(), "--score", "feature"));
        assertOneLineError("ali calibrate: the feature score needs a discriminator and this bundle has none");
    }

    private void assertOneLineError(String prefix) {
        String message = last.err();
        assertTrue(message.startsWith(prefix), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(message.contains("Exception"), message);
    }
}
