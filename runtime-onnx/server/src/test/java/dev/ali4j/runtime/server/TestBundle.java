package dev.ali4j.runtime.server;

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
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The server module's test bundle: the ONNX fixture of the runtime core's tests (made by its
 * {@code make_test_bundle.py}: 28x28 grey images, latent size 8, a sampler that differs from the
 * generator, a discriminator) with a manifest
 * written here, and test pictures.
 */
public final class TestBundle {
    /** The fixture's image spec. */
    public static final ImageSpec SPEC = new ImageSpec(1, 28, 28);
    /** The fixture's latent size. */
    public static final int D = 8;
    private static final Path FIXTURE = fixture();

    private TestBundle() {
    }

    /**
     * Creates {@code dir} with the four ONNX files and a manifest.
     *
     * @return {@code dir}
     */
    public static Path install(Path dir) throws IOException {
        assertTrue(Files.isDirectory(FIXTURE), "test fixture not found at " + FIXTURE);
        Files.createDirectories(dir);
        Files.copy(FIXTURE.resolve("encoder.onnx"), dir.resolve("encoder.onnx"));
        Files.copy(FIXTURE.resolve("generator.onnx"), dir.resolve("generator.onnx"));
        Files.copy(FIXTURE.resolve("discriminator.onnx"), dir.resolve("discriminator.onnx"));
        Files.copy(FIXTURE.resolve("sampler.onnx"), dir.resolve("sampler.onnx"));
        Bundles.write(dir, BundleManifest.builder()
                .image(SPEC)
                .latent(new LatentSpec(D))
                .encoder(ModelFile.encoder("encoder.onnx"))
                .generator(ModelFile.generator("generator.onnx"))
                .sampler(ModelFile.generator("sampler.onnx"))
                .discriminator(ModelFile.discriminator("discriminator.onnx"))
                .training(TrainingInfo.builder().objective("ali").architecture("tiny-test").build())
                .build());
        return dir;
    }

    /**
     * Calibrates the bundle in {@code dir} for the combined score with a made-up profile (codes
     * around 0 with unit precision) and quantiles 0 to 100, so that it gives every score.
     *
     * @return {@code dir}
     */
    public static Path calibrate(Path dir) throws IOException {
        float[] precision = new float[D * D];
        for (int k = 0; k < D; k++) {
            precision[k * D + k] = 1;
        }
        float[] quantiles = new float[Calibration.QUANTILES];
        for (int p = 0; p < quantiles.length; p++) {
            quantiles[p] = p / 10f - 5;
        }
        NormalProfile profile = new NormalProfile(100, new float[D], precision, new float[] {-4, 1},
                new float[] {2, 0.5f});
        Bundles.writeCalibration(dir, new Calibration(AnomalyScoreKind.COMBINED, 100, "made up", quantiles, profile));
        return dir;
    }

    /** A grey picture whose pixels depend on {@code salt}. */
    public static BufferedImage grey(int w, int h, int salt) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + salt) % 256);
            }
        }
        return image;
    }

    /** @return the picture encoded in {@code format} (png, jpeg, ...) */
    public static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    /** Writes a grey PNG into {@code dir}. */
    public static Path greyPng(Path dir, String name, int w, int h, int salt) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, encode(grey(w, h, salt), "png"));
        return file;
    }

    /** The fixture in the runtime core's test resources, from any module of the build. */
    private static Path fixture() {
        Path relative = Path.of("runtime-onnx/core/src/test/resources/bundles/tiny");
        for (Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return relative;
    }
}
