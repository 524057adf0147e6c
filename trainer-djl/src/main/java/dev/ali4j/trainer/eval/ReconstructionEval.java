package dev.ali4j.trainer.eval;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.trainer.data.ImageSet;
import java.util.Random;

/**
 * Reconstruction quality of a model on held-out images, measured through the model's runtime.
 *
 * <p>{@code pixel_mse} is the mean squared error between x and G(mu(x)) with pixels in [0, 1]
 * (SPEC.md: GALI's pixel MSE). {@code pixel_mse_shuffled} is the same error between G(mu(x)) and
 * a different test image x' chosen by a seeded random derangement: the chance level of a model
 * that draws plausible garments unrelated to its input. A faithful model is far below it.
 */
public final class ReconstructionEval {

    private static final int BATCH = 100;

    private ReconstructionEval() {}

    /**
     * The measurement.
     *
     * @param images test images evaluated
     * @param pixelMse mean squared error of x against G(mu(x)), pixels in [0, 1]
     * @param pixelMseShuffled the same against another test image
     */
    public record Result(int images, double pixelMse, double pixelMseShuffled) {
        /** pixelMse / pixelMseShuffled: below 1 means better than chance. */
        public double ratio() {
            return pixelMse / pixelMseShuffled;
        }
    }

    /** Evaluates on the first {@code limit} images of {@code test} (all when limit is 0). */
    public static Result evaluate(LatentModel model, ImageSet test, int limit, long seed) {
        ImageSpec spec = model.manifest().image();
        int n = limit > 0 ? Math.min(limit, test.size()) : test.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 test images, got " + n);
        }
        int size = test.imageSize();
        float[] originals = test.rangeScaled(0, n, spec.pixelMin(), spec.pixelMax());
        float[] reconstructions = reconstruct(model, test, n);
        int[] other = derangement(n, new Random(seed));
        double range = spec.pixelMax() - spec.pixelMin();
        double same = 0;
        double shuffled = 0;
        for (int i = 0; i < n; i++) {
            same += squaredError(originals, i, reconstructions, i, size, range);
            shuffled += squaredError(originals, other[i], reconstructions, i, size, range);
        }
        double values = (double) n * size;
        return new Result(n, same / values, shuffled / values);
    }

    /**
     * G(mu(x)) of the first {@code n} images of {@code test}, in batches, NCHW.
     *
     * @throws IllegalArgumentException if the model takes images of another shape
     */
    static float[] reconstruct(LatentModel model, ImageSet test, int n) {
        ImageSpec spec = model.manifest().image();
        spec.checkShape("test images", test.channels(), test.height(), test.width(), "the model takes");
        int size = test.imageSize();
        float[] reconstructions = new float[n * size];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            float[] x = test.rangeScaled(from, count, spec.pixelMin(), spec.pixelMax());
            ImageTensor r = model.reconstruct(new ImageTensor(x, count, spec.channels(), spec.height(), spec.width()));
            System.arraycopy(r.data(), 0, reconstructions, from * size, x.length);
        }
        return reconstructions;
    }

    private static double squaredError(float[] a, int i, float[] b, int j, int size, double range) {
        double sum = 0;
        for (int k = 0; k < size; k++) {
            double d = (a[i * size + k] - b[j * size + k]) / range;
            sum += d * d;
        }
        return sum;
    }

    /** A random permutation with no fixed point (Sattolo's algorithm: one cycle). */
    static int[] derangement(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
