package dev.ali4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Latents;
import dev.ali4j.api.Sampling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLatentModelTest {
    private static final double TOLERANCE = 1e-4;
    private static TinyBundle weights;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadWeights() throws IOException {
        weights = TinyBundle.weights();
    }

    private static ImageTensor randomImages(int n, long seed) {
        return TinyBundle.randomImages(n, seed);
    }

    private static float[] randomZ(int n, long seed) {
        Random random = new Random(seed);
        float[] z = new float[n * TinyBundle.D];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    private static void assertClose(double expected, float actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void encodeComputesMuAndLogSigmaOfTheAffineMap() throws IOException {
        ImageTensor x = randomImages(5, 1);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            Latents codes = model.encode(x);
            assertEquals(5, codes.n());
            assertEquals(TinyBundle.D, codes.d());
            assertNotNull(codes.logSigma());
            for (int i = 0; i < 5; i++) {
                double[][] expected = weights.encode(x.data(), i * TinyBundle.PIXELS);
                for (int k = 0; k < TinyBundle.D; k++) {
                    assertClose(expected[0][k], codes.mu()[i * TinyBundle.D + k], "mu[" + i + "," + k + "]");
                    assertClose(expected[1][k], codes.logSigma()[i * TinyBundle.D + k],
                            "log_sigma[" + i + "," + k + "]");
                }
            }
        }
    }

    @Test
    void decodeComputesTanhOfTheAffineMap() throws IOException {
        float[] z = randomZ(3, 2);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            ImageTensor images = model.decode(z, 3);
            assertEquals(3, images.n());
            assertEquals(1, images.c());
            assertEquals(28, images.h());
            assertEquals(28, images.w());
            for (int i = 0; i < 3; i++) {
                double[] expected = weights.decode(z, i * TinyBundle.D);
                for (int p = 0; p < TinyBundle.PIXELS; p++) {
                    assertClose(expected[p], images.data()[i * TinyBundle.PIXELS + p], "pixel " + i + "," + p);
                }
            }
        }
    }

    @Test
    void decodePriorRunsTheSamplerAndDecodeTheGenerator() throws IOException {
        float[] z = randomZ(3, 4);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.installWithSampler(tmp.resolve("b")))) {
            assertTrue(model.hasSampler());
            ImageTensor prior = model.decodePrior(z, 3);
            ImageTensor codes = model.decode(z, 3);
            assertArrayEquals(prior.data(), Sampling.sample(model, 3, 4).data(), "Sampling.sample uses decodePrior");
            for (int i = 0; i < 3; i++) {
                double[] fromSampler = weights.decodeWithSampler(z, i * TinyBundle.D);
                double[] fromGenerator = weights.decode(z, i * TinyBundle.D);
                for (int p = 0; p < TinyBundle.PIXELS; p += 7) {
                    assertClose(fromSampler[p], prior.data()[i * TinyBundle.PIXELS + p], "sampler pixel " + i + "," + p);
                    assertClose(fromGenerator[p], codes.data()[i * TinyBundle.PIXELS + p],
                            "generator pixel " + i + "," + p);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.decodePrior(new float[10], 2));
            assertEquals("decodePrior: z has 10 values, expected n * d = 2 * 8 = 16", e.getMessage());
        }
    }

    @Test
    void withoutASamplerDecodePriorIsDecode() throws IOException {
        float[] z = randomZ(2, 5);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            assertFalse(model.hasSampler());
            assertArrayEquals(model.decode(z, 2).data(), model.decodePrior(z, 2).data());
        }
    }

    @Test
    void aSamplerWithoutItsFileOrChecksumFailsToLoad() throws IOException {
        Path dir = TinyBundle.installWithSampler(tmp.resolve("b"));
        Files.delete(dir.resolve("sampler.onnx"));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertTrue(e.getMessage().contains("sampler.onnx"), e.getMessage());
    }

    @Test
    void reconstructDecodesTheMeanCode() throws IOException {
        ImageTensor x = randomImages(4, 3);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            ImageTensor xHat = model.reconstruct(x);
            assertEquals(4, xHat.n());
            assertArrayEquals(model.decode(model.encode(x).mu(), 4).data(), xHat.data());
            for (int i = 0; i < 4; i++) {
                double[] mu = weights.encode(x.data(), i * TinyBundle.PIXELS)[0];
                float[] z = new float[TinyBundle.D];
                for (int k = 0; k < z.length; k++) {
                    z[k] = (float) mu[k];
                }
                double[] expected = weights.decode(z, 0);
                for (int p = 0; p < TinyBundle.PIXELS; p += 17) {
                    assertClose(expected[p], xHat.data()[i * TinyBundle.PIXELS + p], "pixel " + i + "," + p);
                }
            }
        }
    }

    @Test
    void batchResultsEqualSingleImageResults() throws IOException {
        ImageTensor x = randomImages(6, 4);
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            Latents batch = model.encode(x);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(model.encode(x.slice(i)).mu(0), batch.mu(i), 1e-5f);
            }
        }
    }

    @Test
    void tamperedModelFailsToLoadWithTheChecksumMessage() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        byte[] bytes = Files.readAllBytes(dir.resolve("generator.onnx"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("generator.onnx"), bytes);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertTrue(e.getMessage().startsWith("generator.onnx: checksum mismatch (manifest says "), e.getMessage());
        assertTrue(e.getMessage().endsWith("): the bundle was modified or is corrupt"), e.getMessage());
    }

    @Test
    void unknownManifestVersionFailsToLoad() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        Path manifest = dir.resolve(BundleManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1",
                "\"formatVersion\" : 7"));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertEquals(manifest + ": format version 7 is not supported by this ali4j (supports 1)", e.getMessage());
    }

    @Test
    void missingBundleFailsToLoad() {
        Path dir = tmp.resolve("absent");
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertEquals(dir + ": no such bundle directory", e.getMessage());
    }

    @Test
    void manifestThatDisagreesWithTheNetworkFailsToLoad() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"), new ImageSpec(3, 28, 28));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertEquals("encoder.onnx: input \"image\" has shape [N, 1, 28, 28] but the manifest implies [N, 3, 28, 28]",
                e.getMessage());
    }

    @Test
    void garbageWithAMatchingChecksumFailsToLoadClearly() throws IOException {
        Path dir = tmp.resolve("b");
        TinyBundle.install(dir);
        Files.write(dir.resolve("encoder.onnx"), "not a model".getBytes(StandardCharsets.UTF_8));
        dev.ali4j.api.Bundles.write(dir, BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME)));
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir));
        assertTrue(e.getMessage().startsWith("encoder.onnx: ONNX Runtime cannot load it"), e.getMessage());
    }

    @Test
    void wrongShapesAreRejectedWithClearMessages() throws IOException {
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")))) {
            ImageTensor colour = new ImageTensor(new float[3 * 28 * 28], 1, 3, 28, 28);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.encode(colour));
            assertEquals("encode: images are 3x28x28 but this model takes 1x28x28 (channels x height x width): the"
                    + " channels differ", e.getMessage());
            ImageTensor small = new ImageTensor(new float[32 * 32], 1, 1, 32, 32);
            e = assertThrows(IllegalArgumentException.class, () -> model.encode(small));
            assertTrue(e.getMessage().endsWith("1x32x32 but this model takes 1x28x28 (channels x height x width): the"
                    + " height and width differ"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.decode(new float[10], 2));
            assertEquals("decode: z has 10 values, expected n * d = 2 * 8 = 16", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.decode(new float[0], 0));
        }
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        int threads = 8;
        int callsPerThread = 20;
        List<ImageTensor> inputs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            inputs.add(randomImages(1 + t % 3, 100 + t));
        }
        RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(1).build();
        try (OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")), options)) {
            List<float[]> sequential = new ArrayList<>();
            for (ImageTensor x : inputs) {
                sequential.add(model.reconstruct(x).data());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int index = t;
                    Callable<Boolean> task = () -> {
                        for (int k = 0; k < callsPerThread; k++) {
                            assertArrayEquals(sequential.get(index), model.reconstruct(inputs.get(index)).data());
                        }
                        return true;
                    };
                    futures.add(pool.submit(task));
                }
                for (Future<Boolean> f : futures) {
                    assertTrue(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closedModelRejectsCallsAndClosingTwiceIsHarmless() throws IOException {
        OnnxLatentModel model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("b")),
                RuntimeOptions.builder().optimizationLevel(OptLevel.BASIC_OPT).build());
        model.close();
        model.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.decode(new float[8], 1));
        assertEquals("this model is closed", e.getMessage());
    }

    @Test
    void manifestIsTheVerifiedOne() throws IOException {
        Path dir = TinyBundle.install(tmp.resolve("b"));
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            assertEquals(BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME)), model.manifest());
            assertEquals("tiny-test", model.manifest().training().architecture());
        }
    }

    @Test
    void negativeThreadCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.builder().intraOpThreads(-1));
    }
}
