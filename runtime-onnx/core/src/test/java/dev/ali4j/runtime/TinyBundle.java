package dev.ali4j.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentSpec;
import dev.ali4j.api.ModelFile;
import dev.ali4j.api.TrainingInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test fixture made by {@code make_test_bundle.py}: a real ONNX encoder, generator, sampler
 * and discriminator, and their weights so that a test can recompute both networks in plain Java.
 */
final class TinyBundle {
    static final int C = 1;
    static final int H = 28;
    static final int W = 28;
    static final int D = 8;
    static final int PIXELS = C * H * W;
    /** Width of D's joint features. */
    static final int F = 6;
    /** {@code sampler.onnx} is the generator with its W scaled by this (make_test_bundle.py). */
    static final double SAMPLER_W_SCALE = 0.5;

    /** Encoder: [PIXELS x 2D] row-major, and bias [2D]. */
    final double[] encW;
    final double[] encB;
    /** Generator: [D x PIXELS] row-major, and bias [PIXELS]. */
    final double[] genW;
    final double[] genB;
    /** Discriminator: [(PIXELS + D) x F], [F], [F x 2], [2], row-major. */
    final double[] disW1;
    final double[] disB1;
    final double[] disW2;
    final double[] disB2;

    private TinyBundle(JsonNode json) {
        double scale = json.get("scale").asDouble();
        disW1 = values(json.get("discriminator").get("W1"), scale, (PIXELS + D) * F);
        disB1 = values(json.get("discriminator").get("b1"), scale, F);
        disW2 = values(json.get("discriminator").get("W2"), scale, F * 2);
        disB2 = values(json.get("discriminator").get("b2"), scale, 2);
        encW = values(json.get("encoder").get("W"), scale, PIXELS * 2 * D);
        encB = values(json.get("encoder").get("b"), scale, 2 * D);
        genW = values(json.get("generator").get("W"), scale, D * PIXELS);
        genB = values(json.get("generator").get("b"), scale, PIXELS);
    }

    /** {@code n} images of uniform random pixels in [-1, 1]. */
    static ImageTensor randomImages(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] data = new float[n * PIXELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return new ImageTensor(data, n, C, H, W);
    }

    static TinyBundle weights() throws IOException {
        try (InputStream in = resource("weights.json")) {
            return new TinyBundle(new ObjectMapper().readTree(in));
        }
    }

    static BundleManifest manifest(ImageSpec image) {
        return BundleManifest.builder()
                .image(image)
                .latent(new LatentSpec(D))
                .encoder(ModelFile.encoder("encoder.onnx"))
                .generator(ModelFile.generator("generator.onnx"))
                .training(TrainingInfo.builder().objective("ali").architecture("tiny-test").dataset("none")
                        .seed(20240611).version("ali4j", "test").build())
                .build();
    }

    /** Copies the two ONNX files into {@code dir} and writes a manifest for them. */
    static Path install(Path dir) throws IOException {
        return install(dir, new ImageSpec(C, H, W));
    }

    static Path install(Path dir, ImageSpec image) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"encoder.onnx", "generator.onnx"}) {
            try (InputStream in = resource(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Bundles.write(dir, manifest(image));
        return dir;
    }

    /** As {@link #install(Path)}, with the discriminator too. */
    static Path installWithDiscriminator(Path dir) throws IOException {
        return install(dir, "discriminator.onnx", manifest(new ImageSpec(C, H, W)).toBuilder()
                .discriminator(ModelFile.discriminator("discriminator.onnx")).build());
    }

    /** As {@link #install(Path)}, with {@code sampler.onnx}: the generator with W halved. */
    static Path installWithSampler(Path dir) throws IOException {
        return install(dir, "sampler.onnx", manifest(new ImageSpec(C, H, W)).toBuilder()
                .sampler(ModelFile.generator("sampler.onnx")).build());
    }

    private static Path install(Path dir, String extraFile, BundleManifest manifest) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"encoder.onnx", "generator.onnx", extraFile}) {
            try (InputStream in = resource(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Bundles.write(dir, manifest);
        return dir;
    }

    /** D's joint features of one (image, code): LeakyRelu(Gemm(concat)). */
    double[] features(double[] image, double[] z) {
        double[] out = new double[F];
        for (int f = 0; f < F; f++) {
            double s = disB1[f];
            for (int p = 0; p < PIXELS; p++) {
                s += image[p] * disW1[p * F + f];
            }
            for (int k = 0; k < D; k++) {
                s += z[k] * disW1[(PIXELS + k) * F + f];
            }
            out[f] = s >= 0 ? s : 0.2 * s;
        }
        return out;
    }

    /** D's two logits of one (image, code). */
    double[] logits(double[] image, double[] z) {
        double[] h = features(image, z);
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            double s = disB2[k];
            for (int f = 0; f < F; f++) {
                s += h[f] * disW2[f * 2 + k];
            }
            out[k] = s;
        }
        return out;
    }

    /** mu and log_sigma of one image: Gemm then split. */
    double[][] encode(float[] image, int offset) {
        double[] stats = new double[2 * D];
        for (int j = 0; j < 2 * D; j++) {
            double s = encB[j];
            for (int p = 0; p < PIXELS; p++) {
                s += image[offset + p] * encW[p * 2 * D + j];
            }
            stats[j] = s;
        }
        double[] mu = new double[D];
        double[] logSigma = new double[D];
        System.arraycopy(stats, 0, mu, 0, D);
        System.arraycopy(stats, D, logSigma, 0, D);
        return new double[][] {mu, logSigma};
    }

    /** One image from one latent code: tanh(Gemm). */
    double[] decode(float[] z, int offset) {
        return decode(z, offset, 1);
    }

    /** What {@code sampler.onnx} gives for one code: the generator with W halved. */
    double[] decodeWithSampler(float[] z, int offset) {
        return decode(z, offset, SAMPLER_W_SCALE);
    }

    private double[] decode(float[] z, int offset, double wScale) {
        double[] out = new double[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            double s = genB[p];
            for (int k = 0; k < D; k++) {
                s += z[offset + k] * genW[k * PIXELS + p] * wScale;
            }
            out[p] = Math.tanh(s);
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TinyBundle.class.getResourceAsStream("/bundles/tiny/" + name);
        if (in == null) {
            throw new IOException("test resource bundles/tiny/" + name
                    + " is missing: run src/test/resources/make_test_bundle.py");
        }
        return in;
    }

    private static double[] values(JsonNode tensor, double scale, int expected) {
        JsonNode numerators = tensor.get("numerators");
        if (numerators.size() != expected) {
            throw new IllegalStateException("weights.json: expected " + expected + " values, found "
                    + numerators.size());
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = numerators.get(i).asLong() / scale;
        }
        return out;
    }
}
