package dev.ali4j.api;

/**
 * Paths between two latent codes, and the images along them.
 *
 * <ul>
 *   <li>{@link #LINEAR}: {@code z(t) = (1 - t) * za + t * zb}. Between two Gaussian codes its
 *       middle is shorter than either end (norm about {@code sqrt(d / 2)} instead of
 *       {@code sqrt(d)}), a region the generator rarely saw in training.</li>
 *   <li>{@link #SPHERICAL}: the direction moves along the great circle from {@code za} to
 *       {@code zb} (slerp) while the length changes linearly from {@code |za|} to {@code |zb|},
 *       so every code on the path is as long as typical codes. When the two directions are
 *       (nearly) parallel or opposite, or a code is zero, the great circle is not defined and
 *       the path is linear.</li>
 * </ul>
 * The path has {@code steps} codes at {@code t = i / (steps - 1)}; its first and last codes are
 * {@code za} and {@code zb} exactly. Thread-safe.
 *
 * <pre>{@code
 * float[] path = Interpolation.SPHERICAL.path(za, zb, 8);            // 8 * d floats
 * ImageTensor frames = Interpolation.SPHERICAL.decode(model, za, zb, 8);
 * ImageTensor morph = Interpolation.LINEAR.between(model, imageA, imageB, 8);
 * }</pre>
 */
public enum Interpolation {
    /** Straight line between the codes. */
    LINEAR,
    /** Great circle between the directions, length interpolated linearly. */
    SPHERICAL;

    /** Below this {@code sin} of the angle between the codes, spherical falls back to linear. */
    static final double PARALLEL = 1e-6;

    /**
     * @param za first code, {@code d} finite floats
     * @param zb last code, {@code d} finite floats
     * @param steps codes on the path, at least 2 (both ends included)
     * @return {@code steps * d} floats, row-major: code {@code i} at {@code t = i / (steps - 1)}
     * @throws IllegalArgumentException if the lengths differ, a value is NaN or infinite, or
     *     {@code steps < 2}
     */
    public float[] path(float[] za, float[] zb, int steps) {
        if (za == null || zb == null) {
            throw new IllegalArgumentException("interpolate: za and zb must not be null");
        }
        if (za.length != zb.length || za.length == 0) {
            throw new IllegalArgumentException("interpolate: za has " + za.length + " values and zb " + zb.length
                    + "; they must have the same, non-zero, length");
        }
        LatentChecks.finite(za, "za");
        LatentChecks.finite(zb, "zb");
        if (steps < 2) {
            throw new IllegalArgumentException("interpolate: steps must be at least 2 (both ends), got " + steps);
        }
        int d = za.length;
        if ((long) steps * d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("interpolate: steps * d = " + (long) steps * d + " is too large");
        }
        float[] out = new float[steps * d];
        System.arraycopy(za, 0, out, 0, d);
        System.arraycopy(zb, 0, out, (steps - 1) * d, d);
        double normA = norm(za);
        double normB = norm(zb);
        double omega = 0;
        double sinOmega = 0;
        if (this == SPHERICAL && normA > 0 && normB > 0) {
            double cos = 0;
            for (int k = 0; k < d; k++) {
                cos += (double) za[k] * zb[k];
            }
            cos = Math.max(-1, Math.min(1, cos / (normA * normB)));
            omega = Math.acos(cos);
            sinOmega = Math.sin(omega);
        }
        boolean linear = sinOmega < PARALLEL;
        for (int i = 1; i < steps - 1; i++) {
            double t = (double) i / (steps - 1);
            int offset = i * d;
            if (linear) {
                for (int k = 0; k < d; k++) {
                    out[offset + k] = (float) ((1 - t) * za[k] + t * zb[k]);
                }
            } else {
                double length = (1 - t) * normA + t * normB;
                double wa = Math.sin((1 - t) * omega) / sinOmega / normA * length;
                double wb = Math.sin(t * omega) / sinOmega / normB * length;
                for (int k = 0; k < d; k++) {
                    out[offset + k] = (float) (wa * za[k] + wb * zb[k]);
                }
            }
        }
        return out;
    }

    /**
     * Decodes the path between two codes.
     *
     * @param model the model
     * @param za first code, the model's latent size
     * @param zb last code, the model's latent size
     * @param steps images, at least 2
     * @return {@code steps} images; the first is {@code decode(za)}, the last {@code decode(zb)}
     * @throws IllegalArgumentException as for {@link #path}, or if a code's length is not the
     *     model's latent size
     */
    public ImageTensor decode(LatentModel model, float[] za, float[] zb, int steps) {
        return model.decode(checkedPath(model, za, zb, steps), steps);
    }

    /**
     * Decodes the path between two codes drawn from the prior, with {@link LatentModel#decodePrior}.
     *
     * @param model the model
     * @param za first code, the model's latent size
     * @param zb last code, the model's latent size
     * @param steps images, at least 2
     * @return {@code steps} images
     * @throws IllegalArgumentException as for {@link #decode}
     */
    public ImageTensor decodePrior(LatentModel model, float[] za, float[] zb, int steps) {
        return model.decodePrior(checkedPath(model, za, zb, steps), steps);
    }

    private float[] checkedPath(LatentModel model, float[] za, float[] zb, int steps) {
        LatentChecks.model(model);
        int d = model.manifest().latent().size();
        LatentChecks.code(za, d, "za");
        LatentChecks.code(zb, d, "zb");
        return path(za, zb, steps);
    }

    /**
     * Morphs one image into another: encodes both (their mean codes) and decodes the path between.
     *
     * @param model the model
     * @param a first image, a batch of one in the model's shape
     * @param b last image, a batch of one in the model's shape
     * @param steps images, at least 2
     * @return {@code steps} images, from the reconstruction of {@code a} to that of {@code b}
     * @throws IllegalArgumentException if an image is not a single image of the model's shape
     */
    public ImageTensor between(LatentModel model, ImageTensor a, ImageTensor b, int steps) {
        LatentChecks.model(model);
        ImageSpec spec = model.manifest().image();
        LatentChecks.images(a, spec, "interpolate: image a");
        LatentChecks.images(b, spec, "interpolate: image b");
        if (a.n() != 1 || b.n() != 1) {
            throw new IllegalArgumentException("interpolate: a and b must each hold one image, got " + a.n()
                    + " and " + b.n());
        }
        if (steps < 2) {
            throw new IllegalArgumentException("interpolate: steps must be at least 2 (both ends), got " + steps);
        }
        Latents codes = model.encode(ImageTensor.concat(java.util.Arrays.asList(a, b)));
        return decode(model, codes.mu(0), codes.mu(1), steps);
    }

    private static double norm(float[] z) {
        double s = 0;
        for (float v : z) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
