package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.LatentSpec;
import dev.ali4j.api.ModelFile;
import dev.ali4j.api.NormalProfile;
import dev.ali4j.api.TrainingInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * An app's assets folder holding a real bundle under {@code bundle/}: the three ONNX networks of
 * runtime-onnx/core's test fixture (a 28x28 grey encoder, generator and discriminator, latent
 * size 8, made by its {@code make_test_bundle.py}) with a manifest, as {@code ./ali export}
 * writes one.
 */
final class TinyBundleAssets {
    static final ImageSpec SPEC = new ImageSpec(1, 28, 28);
    static final int LATENT = 8;

    private TinyBundleAssets() {
    }

    /** Writes {@code root/bundle/} and returns {@code root}. */
    static Path create(Path root) throws IOException {
        Path fixture = Paths.get(System.getProperty("ali4j.tinyBundle",
                "../runtime-onnx/core/src/test/resources/bundles/tiny"));
        assertTrue(Files.isRegularFile(fixture.resolve("encoder.onnx")), "test fixture not found at " + fixture);
        Path bundle = Files.createDirectories(root.resolve("bundle"));
        Files.copy(fixture.resolve("encoder.onnx"), bundle.resolve("encoder.onnx"));
        Files.copy(fixture.resolve("generator.onnx"), bundle.resolve("generator.onnx"));
        Files.copy(fixture.resolve("discriminator.onnx"), bundle.resolve("discriminator.onnx"));
        Bundles.write(bundle, BundleManifest.builder()
                .image(SPEC)
                .latent(new LatentSpec(LATENT))
                .encoder(ModelFile.encoder("encoder.onnx"))
                .generator(ModelFile.generator("generator.onnx"))
                .discriminator(ModelFile.discriminator("discriminator.onnx"))
                .training(TrainingInfo.builder().objective("ali").architecture("tiny-test").epochs(3).build())
                .build());
        return root;
    }

    /**
     * Writes {@code root/bundle/} calibrated for the {@code combined} score, as {@code ali calibrate}
     * leaves a bundle: a profile of normal codes (standard normal, the scores' logarithms centred
     * on made-up values) and the score's quantiles from -5 to 5. Returns {@code root}.
     */
    static Path createCalibrated(Path root) throws IOException {
        create(root);
        float[] precision = new float[LATENT * LATENT];
        for (int k = 0; k < LATENT; k++) {
            precision[k * LATENT + k] = 1;
        }
        float[] quantiles = new float[Calibration.QUANTILES];
        for (int p = 0; p < quantiles.length; p++) {
            quantiles[p] = p / 10f - 5;
        }
        NormalProfile profile = new NormalProfile(100, new float[LATENT], precision, new float[] {-4, 1},
                new float[] {2, 0.5f});
        Bundles.writeCalibration(root.resolve("bundle"),
                new Calibration(AnomalyScoreKind.COMBINED, 100, "made up", quantiles, profile));
        return root;
    }

    /** @return the assets under {@code root}, opened as Android's AssetManager opens them */
    static BundleInstaller.AssetSource source(Path root) {
        return path -> Files.newInputStream(root.resolve(path));
    }
}
