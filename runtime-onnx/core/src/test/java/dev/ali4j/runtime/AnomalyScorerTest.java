package dev.ali4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.NormalProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every anomaly score through ONNX Runtime against the same arithmetic in plain Java. */
class AnomalyScorerTest {
    private static final double TOLERANCE = 1e-4;
    private static TinyBundle weights;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadWeights() throws IOException {
        weights = TinyBundle.weights();
    }

    private static ImageTensor images(int n, long seed) {
        return TinyBundle.randomImages(n, seed);
    }

    /** The four scores of image i, recomputed from the fixture's weights. */
    private static double[] reference(ImageTensor x, int i) {
        double[] image = new double[TinyBundle.PIXELS];
        for (int p = 0; p < image.length; p++) {
            image[p] = x.data()[i * TinyBundle.PIXELS + p];
        }
        double[] mu = weights.encode(x.data(), i * TinyBundle.PIXELS)[0];
        float[] muF = new float[mu.length];
        for (int k = 0; k < mu.length; k++) {
            muF[k] = (float) mu[k];
        }
        double[] rebuilt = weights.decode(muF, 0);
        float[] rebuiltF = new float[rebuilt.length];
        for (int p = 0; p < rebuilt.length; p++) {
            rebuiltF[p] = (float) rebuilt[p];
        }
        double[] mu2 = weights.encode(rebuiltF, 0)[0];
        double pixel = 0;
        for (int p = 0; p < image.length; p++) {
            pixel += (image[p] - rebuilt[p]) * (image[p] - rebuilt[p]);
        }
        double latent = 0;
        for (int k = 0; k < mu.length; k++) {
            latent += (mu[k] - mu2[k]) * (mu[k] - mu2[k]);
        }
        double[] real = weights.features(image, mu);
        double[] cycled = weights.features(rebuilt, mu);
        double feature = 0;
        for (int f = 0; f < real.length; f++) {
            feature += Math.abs(real[f] - cycled[f]);
        }
        double[] logits = weights.logits(image, mu);
        return new double[] {pixel / image.length, Math.sqrt(latent), feature / real.length, logits[1] - logits[0]};
    }

    @Test
    void everyScoreMatchesThePlainJavaArithmetic() throws IOException {
        ImageTensor x = images(6, 3);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.installWithDiscriminator(tmp.resolve("b")))) {
            AnomalyScorer scorer = new AnomalyScorer(model);
            List<AnomalyScoreKind> kinds = List.of(AnomalyScoreKind.RECONSTRUCTION, AnomalyScoreKind.LATENT,
                    AnomalyScoreKind.FEATURE, AnomalyScoreKind.DISCRIMINATOR);
            assertEquals(kinds, scorer.available(), "every score but those that need a profile");
            assertEquals(AnomalyScoreKind.UNCALIBRATED, scorer.primary());
            AnomalyScores scores = scorer.score(x);
            for (int i = 0; i < x.n(); i++) {
                double[] expected = reference(x, i);
                for (int k = 0; k < kinds.size(); k++) {
                    assertEquals(expected[k], scores.value(kinds.get(k), i),
                            TOLERANCE * Math.max(1, Math.abs(expected[k])), kinds.get(k) + " of image " + i);
                }
            }
        }
    }

    @Test
    void densityAndCombinedFollowTheProfileAndTravelInTheBundle() throws IOException {
        Path dir = TinyBundle.installWithDiscriminator(tmp.resolve("b"));
        ImageTensor x = images(5, 4);
        int d = TinyBundle.D;
        float[] mean = new float[d];
        float[] precision = new float[d * d];
        for (int k = 0; k < d; k++) {
            mean[k] = 0.1f * k;
            precision[k * d + k] = 2f;
        }
        NormalProfile profile = new NormalProfile(10, mean, precision, new float[] {-3f, 0.5f}, new float[] {1f, 2f});
        double[] combined = new double[x.n()];
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new AnomalyScorer(model, AnomalyScoreKind.DENSITY));
            assertTrue(e.getMessage().startsWith("the density score needs a profile of normal images, which ali "
                    + "calibrate writes into the bundle, and this bundle has none"), e.getMessage());

            float[] mu = model.encode(x).mu();
            AnomalyScores scores = new AnomalyScorer(model, model::discriminate, profile, AnomalyScoreKind.COMBINED)
                    .score(x, EnumSet.noneOf(AnomalyScoreKind.class));
            assertEquals(EnumSet.of(AnomalyScoreKind.RECONSTRUCTION, AnomalyScoreKind.DENSITY,
                    AnomalyScoreKind.COMBINED), scores.kinds(), "combined brings the two scores it adds up");
            for (int i = 0; i < x.n(); i++) {
                double density = 0;
                for (int k = 0; k < d; k++) {
                    double c = mu[i * d + k] - mean[k];
                    density += 2 * c * c;
                }
                double reconstruction = reference(x, i)[0];
                combined[i] = (Math.log(reconstruction) + 3) / 0.5 + (Math.log(density) - 1) / 2;
                assertEquals(density, scores.value(AnomalyScoreKind.DENSITY, i), TOLERANCE * Math.max(1, density));
                assertEquals(combined[i], scores.value(i), TOLERANCE * Math.max(1, Math.abs(combined[i])));
            }
        }
        float[] q = new float[Calibration.QUANTILES];
        for (int p = 0; p < q.length; p++) {
            q[p] = p;
        }
        Bundles.writeCalibration(dir, new Calibration(AnomalyScoreKind.COMBINED, 100, "test", q, profile));
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            AnomalyScorer scorer = new AnomalyScorer(model);
            assertEquals(AnomalyScoreKind.COMBINED, scorer.primary(), "the calibrated score is the primary one");
            assertEquals(List.of(AnomalyScoreKind.values()), scorer.available());
            AnomalyScores scores = scorer.score(x);
            assertTrue(scores.calibrated(), "percentiles from the bundle's own profile");
            for (int i = 0; i < x.n(); i++) {
                assertEquals(combined[i], scores.value(i), TOLERANCE * Math.max(1, Math.abs(combined[i])));
            }
            NormalProfile other = new NormalProfile(10, mean, precision, new float[] {-2f, 0.5f}, new float[] {1f, 2f});
            assertFalse(new AnomalyScorer(model, model::discriminate, other, AnomalyScoreKind.COMBINED).score(x)
                    .calibrated(), "the bundle's percentiles do not hold under another profile");
        }
    }

    @Test
    void onlyTheScoresAskedForAreComputed() throws IOException {
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.installWithDiscriminator(tmp.resolve("b")))) {
            AnomalyScores scores = new AnomalyScorer(model, AnomalyScoreKind.FEATURE)
                    .score(images(2, 5), EnumSet.of(AnomalyScoreKind.LATENT));
            assertEquals(EnumSet.of(AnomalyScoreKind.FEATURE, AnomalyScoreKind.LATENT), scores.kinds());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> scores.value(AnomalyScoreKind.RECONSTRUCTION, 0));
            assertTrue(e.getMessage().contains("reconstruction score was not computed"), e.getMessage());
        }
    }

    @Test
    void aBundleWithoutDiscriminatorGivesTheOtherScoresAndNamesWhatIsMissing() throws IOException {
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            assertFalse(model.hasDiscriminator());
            AnomalyScorer scorer = new AnomalyScorer(model);
            assertEquals(List.of(AnomalyScoreKind.RECONSTRUCTION, AnomalyScoreKind.LATENT), scorer.available());
            assertEquals(2, scorer.score(images(3, 1)).kinds().size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new AnomalyScorer(model, AnomalyScoreKind.FEATURE));
            assertEquals("the feature score needs a discriminator and this bundle has none (scores it has: "
                    + "reconstruction, latent)", e.getMessage());
            IllegalStateException d = assertThrows(IllegalStateException.class,
                    () -> model.discriminate(images(1, 1), new float[TinyBundle.D]));
            assertTrue(d.getMessage().startsWith("this bundle has no discriminator"), d.getMessage());
        }
    }

    @Test
    void aCalibratedBundleGivesPercentilesAndFlagsAnomalies() throws IOException {
        Path dir = TinyBundle.installWithDiscriminator(tmp.resolve("b"));
        ImageTensor x = images(4, 9);
        double[] raw;
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            AnomalyScores uncalibrated = new AnomalyScorer(model, AnomalyScoreKind.LATENT).score(x);
            assertFalse(uncalibrated.calibrated());
            assertTrue(Double.isNaN(uncalibrated.percentile(0)));
            assertNull(uncalibrated.describe(0).get("percentile"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> uncalibrated.isAnomalous(0));
            assertTrue(e.getMessage().contains("run ali calibrate"), e.getMessage());
            raw = new double[] {uncalibrated.value(0), uncalibrated.value(1)};
        }
        // Quantiles 0..100 spread evenly between the two scores: one sits at percentile 0, the other at 100.
        double low = Math.min(raw[0], raw[1]);
        double high = Math.max(raw[0], raw[1]);
        float[] q = new float[Calibration.QUANTILES];
        for (int p = 0; p < q.length; p++) {
            q[p] = (float) (low + (high - low) * p / 100.0);
        }
        Bundles.writeCalibration(dir, new Calibration(AnomalyScoreKind.LATENT, 2, "two test images", q));
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            AnomalyScorer scorer = new AnomalyScorer(model);
            assertEquals(AnomalyScoreKind.LATENT, scorer.primary(), "the calibrated score is the primary one");
            AnomalyScores scores = scorer.score(x);
            assertTrue(scores.calibrated());
            int highest = raw[0] >= raw[1] ? 0 : 1;
            assertEquals(100, scores.percentile(highest), 1e-3);
            assertEquals(0, scores.percentile(1 - highest), 1e-3);
            assertTrue(scores.isAnomalous(highest));
            assertFalse(scores.isAnomalous(1 - highest));
            Map<String, Object> described = scores.describe(highest);
            assertEquals("latent", described.get("score"));
            assertEquals(Boolean.TRUE, described.get("anomalous"));
            assertEquals(4, ((Map<?, ?>) described.get("scores")).size());
        }
    }
}
