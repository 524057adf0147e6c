package dev.ali4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Interpolation;
import dev.ali4j.api.Latents;
import dev.ali4j.api.Mask;
import dev.ali4j.api.Sampling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling, interpolation and inpainting on the real ONNX networks of the tiny bundle. */
class LatentOperationsTest {
    private static final int D = TinyBundle.D;

    @TempDir
    static Path tmp;
    private static OnnxLatentModel model;
    private static ImageSpec spec;

    @BeforeAll
    static void load() throws IOException {
        model = OnnxLatentModel.load(TinyBundle.install(tmp.resolve("bundle")));
        spec = model.manifest().image();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ImageTensor images(int n, int salt) {
        float[] data = new float[n * spec.imageSize()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.37 + salt) * 0.9f;
        }
        return new ImageTensor(data, n, spec.channels(), spec.height(), spec.width());
    }

    private static double norm(float[] z, int offset) {
        double s = 0;
        for (int k = 0; k < D; k++) {
            s += (double) z[offset + k] * z[offset + k];
        }
        return Math.sqrt(s);
    }

    @Test
    void sameSeedGivesTheSameSamplesAndOtherSeedsOthers() {
        ImageTensor a = Sampling.sample(model, 5, 42);
        ImageTensor b = Sampling.sample(model, 5, 42);
        ImageTensor c = Sampling.sample(model, 5, 43);
        assertEquals(5, a.n());
        assertArrayEquals(a.data(), b.data());
        assertFalse(Arrays.equals(a.data(), c.data()));
        // the samples are the decoded prior draws
        assertArrayEquals(model.decode(Sampling.standardNormal(5 * D, 42), 5).data(), a.data());
        assertThrows(IllegalArgumentException.class, () -> Sampling.sample(model, 0, 1));
    }

    @Test
    void encodeSampleIsMuPlusSigmaTimesSeededNoise() {
        ImageTensor x = images(3, 1);
        Latents codes = model.encode(x);
        float[] z1 = Sampling.encodeSample(model, x, 9);
        float[] z2 = Sampling.encodeSample(model, x, 9);
        float[] z3 = Sampling.encodeSample(model, x, 10);
        assertArrayEquals(z1, z2);
        assertFalse(Arrays.equals(z1, z3));
        float[] eps = Sampling.standardNormal(3 * D, 9);
        for (int i = 0; i < z1.length; i++) {
            double expected = codes.mu()[i] + Math.exp(codes.logSigma()[i]) * eps[i];
            assertEquals(expected, z1[i], 1e-5 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void sphericalPathStartsAndEndsAtTheDecodedEndpoints() {
        float[] za = Sampling.standardNormal(D, 1);
        float[] zb = Sampling.standardNormal(D, 2);
        ImageTensor path = Interpolation.SPHERICAL.decode(model, za, zb, 5);
        assertEquals(5, path.n());
        assertArrayEquals(model.decode(za, 1).data(), path.slice(0).data());
        assertArrayEquals(model.decode(zb, 1).data(), path.slice(4).data());

        float[] codes = Interpolation.SPHERICAL.path(za, zb, 3);
        double middle = norm(codes, D);
        double lo = Math.min(norm(za, 0), norm(zb, 0));
        double hi = Math.max(norm(za, 0), norm(zb, 0));
        assertTrue(middle >= lo - 1e-5 && middle <= hi + 1e-5, middle + " not in [" + lo + ", " + hi + "]");
        // the linear midpoint is shorter: the reason for slerp
        assertTrue(norm(Interpolation.LINEAR.path(za, zb, 3), D) < middle);
    }

    @Test
    void linearMidpointIsTheDecodedMean() {
        float[] za = Sampling.standardNormal(D, 3);
        float[] zb = Sampling.standardNormal(D, 4);
        float[] mean = new float[D];
        for (int k = 0; k < D; k++) {
            mean[k] = (float) (((double) za[k] + zb[k]) / 2);
        }
        ImageTensor path = Interpolation.LINEAR.decode(model, za, zb, 3);
        assertArrayEquals(model.decode(mean, 1).data(), path.slice(1).data(), 1e-6f);
    }

    @Test
    void parallelCodesFallBackToLinear() {
        float[] za = Sampling.standardNormal(D, 5);
        float[] zb = new float[D];
        for (int k = 0; k < D; k++) {
            zb[k] = 2 * za[k];
        }
        assertArrayEquals(Interpolation.LINEAR.path(za, zb, 4), Interpolation.SPHERICAL.path(za, zb, 4));
        float[] zero = new float[D];
        assertArrayEquals(Interpolation.LINEAR.path(zero, zb, 4), Interpolation.SPHERICAL.path(zero, zb, 4));
    }

    @Test
    void imageToImageInterpolationEncodesBothEnds() {
        ImageTensor a = images(1, 2);
        ImageTensor b = images(1, 3);
        ImageTensor path = Interpolation.LINEAR.between(model, a, b, 4);
        assertEquals(4, path.n());
        assertArrayEquals(model.reconstruct(a).data(), path.slice(0).data(), 1e-6f);
        assertArrayEquals(model.reconstruct(b).data(), path.slice(3).data(), 1e-6f);
    }

    @Test
    void badLatentsAreRejectedWithTheIndex() {
        float[] za = Sampling.standardNormal(D, 1);
        float[] zb = Sampling.standardNormal(D, 2);
        zb[3] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.SPHERICAL.decode(model, za, zb, 4));
        assertEquals("zb[3] is NaN; latent codes must be finite", nan.getMessage());
        za[0] = Float.POSITIVE_INFINITY;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Interpolation.LINEAR.path(za, za, 3))
                .getMessage().startsWith("za[0] is Infinity"));
        float[] ok = Sampling.standardNormal(D, 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Interpolation.LINEAR.decode(model, ok, new float[D + 1], 3)).getMessage()
                .contains("latent size is " + D));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Interpolation.LINEAR.path(ok, ok, 1))
                .getMessage().contains("steps must be at least 2"));
    }

    @Test
    void inpaintingKeepsKnownPixelsExactlyAndFillsTheHole() {
        ImageTensor x = images(2, 4);
        Mask hole = Mask.box(spec.height(), spec.width(), 7, 5, 10, 12);
        ImageTensor one = Inpainting.inpaint(model, x, hole, 1);
        ImageTensor two = Inpainting.inpaint(model, x, hole, 2);
        int plane = spec.height() * spec.width();
        int changed = 0;
        for (int i = 0; i < x.data().length; i++) {
            int pixel = i % plane;
            boolean unknown = hole.isUnknown(pixel / spec.width(), pixel % spec.width());
            if (unknown) {
                if (one.data()[i] != x.data()[i]) {
                    changed++;
                }
            } else {
                assertEquals(Float.floatToIntBits(x.data()[i]), Float.floatToIntBits(one.data()[i]), "pixel " + i);
                assertEquals(Float.floatToIntBits(x.data()[i]), Float.floatToIntBits(two.data()[i]), "pixel " + i);
            }
        }
        assertTrue(changed > 100, changed + " of " + 2 * hole.unknownCount() + " hole pixels changed");
        assertFalse(Arrays.equals(one.data(), two.data()), "the second round refines the first");
        // the input is left alone
        assertArrayEquals(images(2, 4).data(), x.data());
    }

    @Test
    void firstRoundDecodesTheMeanFilledImage() {
        ImageTensor x = images(1, 5);
        Mask hole = Mask.box(spec.height(), spec.width(), 0, 0, 28, 14); // top half unknown
        int plane = spec.height() * spec.width();
        double sum = 0;
        for (int i = plane / 2; i < plane; i++) {
            sum += x.data()[i];
        }
        float[] filled = x.data().clone();
        Arrays.fill(filled, 0, plane / 2, (float) (sum / (plane / 2)));
        float[] expected = model.reconstruct(new ImageTensor(filled, 1, 1, 28, 28)).data();
        float[] actual = Inpainting.inpaint(model, x, hole, 1).data();
        assertArrayEquals(Arrays.copyOf(expected, plane / 2), Arrays.copyOf(actual, plane / 2));
    }

    @Test
    void inpaintingRejectsAMaskOfAnotherSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Inpainting.inpaint(model, images(1, 0), Mask.box(20, 28, 0, 0, 4, 4), 1));
        assertEquals("inpaint: mask is 20x28 (height x width) but the model's images are 28x28", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Inpainting.inpaint(model, images(1, 0), Mask.box(28, 28, 0, 0, 4, 4), 0));
        assertThrows(IllegalArgumentException.class, () -> Mask.box(28, 28, 20, 0, 10, 4));
    }

    @Test
    void maskPicturesMarkWhiteAsUnknown() {
        int[] argb = {0xff000000, 0xffffffff, 0xff800000, 0x00101010};
        Mask m = Mask.fromArgb(argb, 2, 2);
        assertFalse(m.isUnknown(0, 0));
        assertTrue(m.isUnknown(0, 1));
        assertTrue(m.isUnknown(1, 0));
        assertFalse(m.isUnknown(1, 1));
        assertArrayEquals(new boolean[] {false, true, true, false},
                Mask.fromGray8(new byte[] {0, (byte) 255, (byte) 128, 127}, 2, 2).toArray());
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() throws Exception {
        ImageTensor x = images(3, 6);
        Mask hole = Mask.box(spec.height(), spec.width(), 4, 4, 12, 12);
        float[] za = Sampling.standardNormal(D, 11);
        float[] zb = Sampling.standardNormal(D, 12);
        List<Callable<float[]>> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            calls.add(() -> Sampling.sample(model, 4, seed).data());
            calls.add(() -> Inpainting.inpaint(model, x, hole, 1 + seed % 3).data());
            calls.add(() -> Interpolation.SPHERICAL.decode(model, za, zb, 3 + seed).data());
            calls.add(() -> Sampling.encodeSample(model, x, seed));
        }
        List<float[]> sequential = new ArrayList<>();
        for (Callable<float[]> call : calls) {
            sequential.add(call.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = pool.invokeAll(calls);
            for (int i = 0; i < calls.size(); i++) {
                assertArrayEquals(sequential.get(i), futures.get(i).get(), "call " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertNotEquals(0, sequential.size());
    }
}
