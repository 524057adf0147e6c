package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibrations: percentiles from quantiles, the manifest section, its checksum and its atomic rewrite. */
class CalibrationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void modelFiles() throws IOException {
        Files.writeString(dir.resolve("encoder.onnx"), "pretend encoder");
        Files.writeString(dir.resolve("generator.onnx"), "pretend generator");
        Files.writeString(dir.resolve("discriminator.onnx"), "pretend discriminator");
    }

    /** Quantile p is p / 100: the score is its own percentile divided by 100. */
    static Calibration linear(AnomalyScoreKind kind) {
        float[] q = new float[Calibration.QUANTILES];
        for (int p = 0; p < q.length; p++) {
            q[p] = p / 100f;
        }
        return new Calibration(kind, 1000, "fashion-mnist classes 7 only, test split", q);
    }

    @Test
    void percentilesInterpolateBetweenQuantilesAndClampAtTheEnds() {
        Calibration c = linear(AnomalyScoreKind.RECONSTRUCTION);
        assertEquals(0, c.percentile(-5), 1e-9);
        assertEquals(0, c.percentile(0), 1e-9);
        assertEquals(42.5, c.percentile(0.425), 1e-3);
        assertEquals(99.5, c.percentile(0.995), 1e-3);
        assertEquals(100, c.percentile(1.0), 1e-9);
        assertEquals(100, c.percentile(7), 1e-9);
        assertTrue(Double.isNaN(c.percentile(Double.NaN)));
        assertTrue(Calibration.isAnomalous(99.5));
        assertFalse(Calibration.isAnomalous(99.0));
        assertTrue(Calibration.isAnomalous(96, 95));
    }

    @Test
    void tiedQuantilesDoNotDivideByZero() {
        float[] q = new float[Calibration.QUANTILES];
        java.util.Arrays.fill(q, 50, q.length, 1f);
        Calibration c = new Calibration(AnomalyScoreKind.LATENT, 10, "", q);
        assertEquals(100, c.percentile(1f), 1e-9);
        assertEquals(0, c.percentile(-1f), 1e-9);
        assertEquals(49.5, c.percentile(0.5f), 1e-3);
    }

    @Test
    void malformedQuantilesAreRefusedByName() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new Calibration(AnomalyScoreKind.LATENT, 10, "", new float[3]));
        assertTrue(few.getMessage().contains("must hold 101 values"), few.getMessage());
        float[] q = linear(AnomalyScoreKind.LATENT).quantiles();
        q[40] = 2f;
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> new Calibration(AnomalyScoreKind.LATENT, 10, "", q));
        assertTrue(order.getMessage().contains("non-decreasing; value 41"), order.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Calibration(AnomalyScoreKind.LATENT, 0, "", linear(AnomalyScoreKind.LATENT).quantiles()));
    }

    @Test
    void theManifestKeepsTheDiscriminatorAndTheCalibration() throws IOException {
        BundleManifest written = Bundles.write(dir, BundleManifestTest.sample().toBuilder()
                .discriminator(ModelFile.discriminator("discriminator.onnx")).build());
        assertEquals(3, written.files().size(), "the discriminator is checksummed like the other networks");
        assertNull(written.calibration());
        BundleManifest calibrated = Bundles.writeCalibration(dir, linear(AnomalyScoreKind.FEATURE));
        BundleManifest read = Bundles.verify(dir);
        assertEquals(calibrated, read);
        assertEquals(linear(AnomalyScoreKind.FEATURE), read.calibration());
        assertEquals(written.files(), read.files());
        assertEquals(ModelFile.discriminator("discriminator.onnx"), read.discriminator());
    }

    @Test
    void anEditedCalibrationIsRefused() throws IOException {
        Bundles.write(dir, BundleManifestTest.sample());
        Bundles.writeCalibration(dir, linear(AnomalyScoreKind.RECONSTRUCTION));
        Path manifest = dir.resolve(BundleManifest.FILE_NAME);
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, json.replace("\"images\" : 1000", "\"images\" : 100000"), StandardCharsets.UTF_8);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> Bundles.verify(dir));
        assertTrue(e.getMessage().contains("\"calibration\" does not match its sha256: it was edited or is corrupt"),
                e.getMessage());
    }

    @Test
    void calibrationNeverBlessesAModifiedModelFile() throws IOException {
        Bundles.write(dir, BundleManifestTest.sample());
        Files.writeString(dir.resolve("encoder.onnx"), "tampered");
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> Bundles.writeCalibration(dir, linear(AnomalyScoreKind.RECONSTRUCTION)));
        assertTrue(e.getMessage().contains("encoder.onnx: checksum mismatch"), e.getMessage());
    }

    @Test
    void aScoreThatNeedsADiscriminatorCannotBeCalibratedWithoutOne() throws IOException {
        Bundles.write(dir, BundleManifestTest.sample());
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> Bundles.writeCalibration(dir, linear(AnomalyScoreKind.FEATURE)));
        assertTrue(e.getMessage().endsWith("the feature score needs a discriminator and this bundle has none"),
                e.getMessage());
    }

    @Test
    void unknownScoreNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyScoreKind.fromLabel("psnr"));
        assertEquals("unknown anomaly score \"psnr\" (known: reconstruction, latent, feature, discriminator, density, "
                + "combined)",
                e.getMessage());
        assertEquals(AnomalyScoreKind.FEATURE, AnomalyScoreKind.fromLabel(" Feature "));
    }

    /** Codes of d values with mean 0.5 and precision 4 I; distinctive spreads. */
    static NormalProfile profile(int d) {
        float[] mean = new float[d];
        float[] precision = new float[d * d];
        for (int k = 0; k < d; k++) {
            mean[k] = 0.5f;
            precision[k * d + k] = 4f;
        }
        return new NormalProfile(500, mean, precision, new float[] {-3.25f, 0.5f}, new float[] {4.25f, 0.75f});
    }

    @Test
    void aProfileGivesDensityAndCombinedByItsArithmetic() {
        NormalProfile p = profile(3);
        float[] codes = {0, 0, 0, 1, 1, 1};
        assertEquals(3.0, p.density(codes, 0), 1e-9, "4 x 3 x 0.5 squared");
        assertEquals(3.0, p.density(codes, 1), 1e-9);
        assertEquals((Math.log(0.01) + 3.25) / 0.5 + (Math.log(3.0) - 4.25) / 0.75, p.combined(0.01, 3.0), 1e-9);
        assertTrue(Double.isFinite(p.combined(0, 0)), "a perfect reconstruction stays finite");
    }

    @Test
    void aProfileIsCheckedWhenMade() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(10,
                new float[2], new float[3], new float[] {0, 1}, new float[] {0, 1}));
        assertEquals("profile.latentPrecision must hold 2 x 2 = 4 values for a latent mean of 2, got 3",
                size.getMessage());
        IllegalArgumentException spread = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(10,
                new float[1], new float[] {1}, new float[] {0, 0}, new float[] {0, 1}));
        assertTrue(spread.getMessage().startsWith("profile.logReconstruction must be {mean, standard deviation} "
                + "with a positive deviation"), spread.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(10,
                new float[] {Float.NaN}, new float[1], new float[] {0, 1}, new float[] {0, 1}));
        assertEquals("profile.latentMean must be finite; value 0 is NaN", nan.getMessage());
        IllegalArgumentException asymmetric = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(
                10, new float[2], new float[] {1, 0.5f, 0.25f, 1}, new float[] {0, 1}, new float[] {0, 1}));
        assertEquals("profile.latentPrecision must be symmetric; values (0, 1) and (1, 0) differ",
                asymmetric.getMessage());
        IllegalArgumentException diagonal = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(
                10, new float[2], new float[] {1, 0, 0, -1}, new float[] {0, 1}, new float[] {0, 1}));
        assertEquals("profile.latentPrecision must have a positive diagonal; value (1, 1) is -1.0",
                diagonal.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> new NormalProfile(
                10, new float[NormalProfile.MAX_LATENT_SIZE + 1], new float[0], new float[] {0, 1}, new float[] {0, 1}));
        assertEquals("profile.latentMean must hold 1 to 4096 values, got 4097", huge.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new Calibration(AnomalyScoreKind.COMBINED, 10, "", linear(AnomalyScoreKind.LATENT).quantiles()));
        assertTrue(none.getMessage().startsWith("the combined score needs a profile of normal images"),
                none.getMessage());
    }

    /**
     * The checksum's text form is fixed: these values were computed outside Java (Python's
     * hashlib over the documented text), so a change of format, or of Java's float printing for
     * the profile, fails here instead of in users' bundles. The first is a calibration from
     * before profiles, which must keep verifying.
     */
    @Test
    void theChecksumsTextFormIsPinned() {
        float[] q = new float[Calibration.QUANTILES];
        for (int p = 0; p < q.length; p++) {
            q[p] = p;
        }
        assertEquals("3d00caa69b6d10b4c6dc827f42e6a8a5e066b24dfbea4ae898dc7d2dd2a54c07",
                new Calibration(AnomalyScoreKind.RECONSTRUCTION, 1000, "fashion-mnist", q).sha256());
        NormalProfile profile = new NormalProfile(500, new float[] {0.5f, 0.5f}, new float[] {4, 0, 0, 4},
                new float[] {-3.25f, 0.5f}, new float[] {4.25f, 0.75f});
        assertEquals("54f5fe29ae2aa8d9495ee67943c116ac089bca859cf9d9cad75386e69256bf55",
                new Calibration(AnomalyScoreKind.COMBINED, 1000, "fashion-mnist", q, profile).sha256());
    }

    @Test
    void theProfileIsKeptChecksummedAndMustFitTheBundle() throws IOException {
        BundleManifest sample = BundleManifestTest.sample();
        Bundles.write(dir, sample);
        int d = sample.latent().size();
        float[] q = linear(AnomalyScoreKind.LATENT).quantiles();
        Calibration combined = new Calibration(AnomalyScoreKind.COMBINED, 1000, "held out", q, profile(d));
        Bundles.writeCalibration(dir, combined);
        assertEquals(combined, Bundles.verify(dir).calibration());

        Path manifest = dir.resolve(BundleManifest.FILE_NAME);
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        assertTrue(json.contains("4.25"), "the profile is in the manifest");
        Files.writeString(manifest, json.replace("4.25", "4.5"), StandardCharsets.UTF_8);
        BundleFormatException edited = assertThrows(BundleFormatException.class, () -> Bundles.verify(dir));
        assertTrue(edited.getMessage().contains("\"calibration\" does not match its sha256"), edited.getMessage());

        Files.writeString(manifest, json, StandardCharsets.UTF_8);
        BundleFormatException size = assertThrows(BundleFormatException.class, () -> Bundles.writeCalibration(dir,
                new Calibration(AnomalyScoreKind.COMBINED, 1000, "held out", q, profile(d + 1))));
        assertTrue(size.getMessage().endsWith("calibration.profile describes codes of " + (d + 1)
                + " values, and the bundle's latent size is " + d), size.getMessage());
    }
}
