package dev.ali4j.trainer.objective;

/**
 * Options that make adversarial training steadier, each from the papers' official code. The
 * defaults are ALI's: dropout 0.2 in D and nothing else; GALI's code adds spectral
 * normalisation and instance noise 0.1.
 *
 * @param spectralNorm spectral normalisation on every layer of D
 * @param instanceNoise standard deviation of Gaussian noise added to every image D sees, decaying
 *     linearly to 0 over the run: std * (1 - epoch / epochs) (0 = off)
 * @param dropout rate of D's dropout layers (0 = none)
 * @param discriminatorSteps D updates per G/E update, on the same batch
 * @param outputBias a learnable per-pixel bias before G's tanh, initialised from the first
 *     batch's mean image
 * @param update whether G/E steps against the updated D or together with it (null: alternating)
 * @param discriminatorWidth D's hidden widths times this factor, to give the K-way game a larger D
 *     (0, from checkpoints written before it existed, means 1)
 * @param gradientClip the largest L2 norm of an update's gradient, D's or E and G's together;
 *     a larger one is scaled down to it before Adam sees it (0 = no clipping)
 */
public record Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
        boolean outputBias, UpdateOrder update, int discriminatorWidth, float gradientClip) {

    /** ALI's dropout rate in D. */
    public static final float DEFAULT_DROPOUT = 0.2f;
    /** The widest D allowed: its parameters grow with the square of the factor. */
    public static final int MAX_DISCRIMINATOR_WIDTH = 8;

    /** The default update order. */
    public Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
            boolean outputBias) {
        this(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, UpdateOrder.defaultOrder());
    }

    /** The architecture's own width of D. */
    public Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
            boolean outputBias, UpdateOrder update) {
        this(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update, 1, 0f);
    }

    public Stabilisers {
        // Checkpoints written before the update order existed alternated.
        update = update == null ? UpdateOrder.ALTERNATING : update;
        discriminatorWidth = discriminatorWidth == 0 ? 1 : discriminatorWidth;
        if (!(instanceNoise >= 0) || Float.isInfinite(instanceNoise)) {
            throw new IllegalArgumentException("instance noise must be a finite std >= 0, got " + instanceNoise);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (discriminatorSteps < 1) {
            throw new IllegalArgumentException("D steps per G/E step must be at least 1, got " + discriminatorSteps);
        }
        if (!(gradientClip >= 0) || Float.isInfinite(gradientClip)) {
            throw new IllegalArgumentException("the gradient clip must be a finite norm >= 0 (0 = off), got "
                    + gradientClip);
        }
        if (discriminatorWidth < 1 || discriminatorWidth > MAX_DISCRIMINATOR_WIDTH) {
            throw new IllegalArgumentException("D's width factor must be 1 to " + MAX_DISCRIMINATOR_WIDTH + ", got "
                    + discriminatorWidth);
        }
    }

    /** ALI's official settings: dropout 0.2 in D. */
    public static Stabilisers defaults() {
        return new Stabilisers(false, 0f, DEFAULT_DROPOUT, 1, false, UpdateOrder.defaultOrder(), 1, 0f);
    }

    /** The same stabilisers with another dropout rate in D. */
    public Stabilisers withDropout(float rate) {
        return new Stabilisers(spectralNorm, instanceNoise, rate, discriminatorSteps, outputBias, update,
                discriminatorWidth, gradientClip);
    }

    /** The same stabilisers with another update order. */
    public Stabilisers withUpdate(UpdateOrder order) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, order,
                discriminatorWidth, gradientClip);
    }

    /** The same stabilisers with D's hidden widths times {@code factor}. */
    public Stabilisers withDiscriminatorWidth(int factor) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update, factor,
                gradientClip);
    }

    /** The same stabilisers with gradients clipped to this L2 norm (0 = off). */
    public Stabilisers withGradientClip(float norm) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update,
                discriminatorWidth, norm);
    }

    /** How much to scale a gradient of this norm: below 1 only when clipping and the norm is over the clip. */
    public float clipScale(float gradientNorm) {
        return gradientClip > 0 && gradientNorm > gradientClip ? gradientClip / gradientNorm : 1f;
    }

    /** The instance-noise std during {@code epoch} (1-based) of {@code epochs}. */
    public float noiseAt(int epoch, int epochs) {
        return instanceNoise * (1 - (epoch - 1) / (float) epochs);
    }
}
