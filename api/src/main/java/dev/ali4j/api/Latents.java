package dev.ali4j.api;

/**
 * The encoder's output for a batch of {@code n} images: the means {@code mu} and, for a
 * stochastic encoder, the log standard deviations {@code logSigma}, each {@code n x d} floats in
 * row-major order. The arrays are shared, not copied.
 *
 * <pre>{@code
 * Latents codes = model.encode(images);
 * float[] z0 = codes.mu(0);                      // mean code of the first image, d floats
 * ImageTensor again = model.decode(codes.mu(), codes.n());
 * }</pre>
 */
public final class Latents {
    private final float[] mu;
    private final float[] logSigma;
    private final int n;
    private final int d;

    /**
     * @param mu means, {@code n * d} floats, not copied
     * @param logSigma log standard deviations, {@code n * d} floats, or null for a deterministic encoder
     * @param n rows (images), at least 1
     * @param d latent dimensions, at least 1
     * @throws IllegalArgumentException if the lengths do not match {@code n * d}
     */
    public Latents(float[] mu, float[] logSigma, int n, int d) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("n and d must be at least 1, got n=" + n + " d=" + d);
        }
        long expected = (long) n * d;
        if (mu == null || mu.length != expected) {
            throw new IllegalArgumentException("mu must have n*d = " + expected + " values, has "
                    + (mu == null ? "none" : String.valueOf(mu.length)));
        }
        if (logSigma != null && logSigma.length != expected) {
            throw new IllegalArgumentException("logSigma must have n*d = " + expected + " values, has "
                    + logSigma.length);
        }
        this.mu = mu;
        this.logSigma = logSigma;
        this.n = n;
        this.d = d;
    }

    /** @return the means, {@code n * d} floats, row-major (the array itself) */
    public float[] mu() {
        return mu;
    }

    /** @return the log standard deviations, {@code n * d} floats, or null if the encoder has none */
    public float[] logSigma() {
        return logSigma;
    }

    /** @return the number of rows (images) */
    public int n() {
        return n;
    }

    /** @return the latent dimension */
    public int d() {
        return d;
    }

    /**
     * @param i image, {@code 0 <= i < n}
     * @return a copy of the mean code of image {@code i}, {@code d} floats
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public float[] mu(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("image " + i + " of " + n);
        }
        float[] out = new float[d];
        System.arraycopy(mu, i * d, out, 0, d);
        return out;
    }

    @Override
    public String toString() {
        return "Latents[n=" + n + ", d=" + d + (logSigma == null ? "" : ", with logSigma") + "]";
    }
}
