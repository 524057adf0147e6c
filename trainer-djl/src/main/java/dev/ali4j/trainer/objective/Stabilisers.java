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
 * @param spikeGuard the largest multiple of its recent size an update's gradient may have: a
 *     gradient whose L2 norm passes this many times the root mean square of the optimizer's
 *     recent ones (from Adam's second moments) is scaled down to it (0 = off, as in checkpoints
 *     written before it existed)
 */
public record Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
        boolean outputBias, UpdateOrder update, int discriminatorWidth, float gradientClip, float spikeGuard) {

    /** ALI's dropout rate in D. */
    public static final float DEFAULT_DROPOUT = 0.2f;
    /** The widest D allowed: its parameters grow with the square of the factor. */
    public static final int MAX_DISCRIMINATOR_WIDTH = 8;
    /**
     * The default spike guard. The engine fault's wrong gradients came 10^7 to 10^17 times larger
     * than their neighbours (docs/RESULTS.md), where healthy ones stay within a few times their
     * recent size. Held to 50 times that, such a gradient adds to Adam's second moments at most
     * 2.5 times their recent total (0.001 x 50^2) instead of 10^11 times, which froze E and G.
     * Each held gradient also raises the next limit (by about 1.9 times), so a guard against
     * isolated spikes, as the fault's were, not against a burst of them.
     */
    public static final float DEFAULT_SPIKE_GUARD = 50f;

    /** The default update order. */
    public Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
            boolean outputBias) {
        this(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, UpdateOrder.defaultOrder());
    }

    /** The architecture's own width of D. */
    public Stabilisers(boolean spectralNorm, float instanceNoise, float dropout, int discriminatorSteps,
            boolean outputBias, UpdateOrder update) {
        this(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update, 1, 0f, DEFAULT_SPIKE_GUARD);
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
        if (!(spikeGuard == 0 || spikeGuard > 1) || Float.isInfinite(spikeGuard)) {
            throw new IllegalArgumentException("the spike guard must be 0 (off) or a finite multiple above 1, got "
                    + spikeGuard);
        }
        if (discriminatorWidth < 1 || discriminatorWidth > MAX_DISCRIMINATOR_WIDTH) {
            throw new IllegalArgumentException("D's width factor must be 1 to " + MAX_DISCRIMINATOR_WIDTH + ", got "
                    + discriminatorWidth);
        }
    }

    /** ALI's official settings: dropout 0.2 in D. */
    public static Stabilisers defaults() {
        return new Stabilisers(false, 0f, DEFAULT_DROPOUT, 1, false, UpdateOrder.defaultOrder(), 1, 0f,
                DEFAULT_SPIKE_GUARD);
    }

    /** The same stabilisers with another dropout rate in D. */
    public Stabilisers withDropout(float rate) {
        return new Stabilisers(spectralNorm, instanceNoise, rate, discriminatorSteps, outputBias, update,
                discriminatorWidth, gradientClip, spikeGuard);
    }

    /** The same stabilisers with another update order. */
    public Stabilisers withUpdate(UpdateOrder order) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, order,
                discriminatorWidth, gradientClip, spikeGuard);
    }

    /** The same stabilisers with D's hidden widths times {@code factor}. */
    public Stabilisers withDiscriminatorWidth(int factor) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update, factor,
                gradientClip, spikeGuard);
    }

    /** The same stabilisers with gradients clipped to this L2 norm (0 = off). */
    public Stabilisers withGradientClip(float norm) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update,
                discriminatorWidth, norm, spikeGuard);
    }

    /** The same stabilisers with another spike guard (0 = off). */
    public Stabilisers withSpikeGuard(float multiple) {
        return new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias, update,
                discriminatorWidth, gradientClip, multiple);
    }

    /**
     * How much to scale a gradient before Adam sees it: below 1 only when its norm passes the clip
     * or the spike guard.
     *
     * @param gradientNorm the L2 norm of the update's whole gradient
     * @param recentNorm the root mean square of the optimizer's recent gradient norms
     *     ({@code Adam.recentGradientNorm()}, 0 before its first step, when nothing is guarded)
     */
    public float gradientScale(float gradientNorm, float recentNorm) {
        float limit = gradientClip > 0 ? gradientClip : Float.POSITIVE_INFINITY;
        if (spikeGuard > 0 && recentNorm > 0) {
            limit = Math.min(limit, spikeGuard * recentNorm);
        }
        return gradientNorm > limit ? limit / gradientNorm : 1f;
    }

    /** The instance-noise std during {@code epoch} (1-based) of {@code epochs}. */
    public float noiseAt(int epoch, int epochs) {
        return instanceNoise * (1 - (epoch - 1) / (float) epochs);
    }
}
