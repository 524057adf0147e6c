package dev.ali4j.api;

import java.util.Random;

/**
 * Random latent codes: from the prior, {@code z ~ N(0, I)}, decoded into new images, and from the
 * stochastic encoder, {@code z = mu + exp(logSigma) * eps}. Both draw their noise from a
 * {@link java.util.Random} seeded by the caller, so a seed always gives the same codes and,
 * through a deterministic generator, the same images. Thread-safe: every call makes its own
 * generator and only calls the model's thread-safe {@code encode} and {@code decodePrior}.
 *
 * <pre>{@code
 * ImageTensor samples = Sampling.sample(model, 16, 42);           // 16 new images, seed 42
 * float[] z = Sampling.encodeSample(model, images, 7);            // n * d floats
 * }</pre>
 */
public final class Sampling {
    private Sampling() {
    }

    /**
     * @param count how many values, at least 0
     * @param seed the seed of the {@link java.util.Random} that draws them
     * @return {@code count} independent standard normal values ({@code Random.nextGaussian})
     */
    public static float[] standardNormal(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        Random random = new Random(seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    /**
     * Draws {@code n} codes from the prior {@code N(0, I)} and decodes them with
     * {@link LatentModel#decodePrior}.
     *
     * @param model the model
     * @param n images, at least 1
     * @param seed same seed, same codes, same images
     * @return {@code n} images in the model's shape and pixel range
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static ImageTensor sample(LatentModel model, int n, long seed) {
        LatentChecks.model(model);
        if (n < 1) {
            throw new IllegalArgumentException("sample: n must be at least 1, got " + n);
        }
        int d = model.manifest().latent().size();
        long count = (long) n * d;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sample: n * d = " + count + " codes is too many for one batch");
        }
        return model.decodePrior(standardNormal((int) count, seed), n);
    }

    /**
     * Encodes images stochastically, as ALI's encoder is trained: {@code z = mu + exp(logSigma) * eps}
     * with {@code eps ~ N(0, I)} drawn from {@code seed}. For a deterministic encoder (no
     * {@code log_sigma} output) the codes are {@code mu}.
     *
     * @param model the model
     * @param images as for {@link LatentModel#encode}
     * @param seed same seed, same noise
     * @return {@code n * d} floats, row-major
     */
    public static float[] encodeSample(LatentModel model, ImageTensor images, long seed) {
        LatentChecks.model(model);
        LatentChecks.images(images, model.manifest().image(), "encodeSample: images");
        Latents codes = model.encode(images);
        float[] mu = codes.mu();
        float[] logSigma = codes.logSigma();
        if (logSigma == null) {
            return mu.clone();
        }
        float[] eps = standardNormal(mu.length, seed);
        float[] z = new float[mu.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (mu[i] + Math.exp(logSigma[i]) * eps[i]);
        }
        return z;
    }
}
