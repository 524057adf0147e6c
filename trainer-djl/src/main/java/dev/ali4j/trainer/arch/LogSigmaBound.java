package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;

/**
 * The smooth bound on the encoder's log-sigma: log-sigma = c + h * tanh((r - c) / h) for the raw
 * output r, with c and h the centre and half-width of ({@link #LOW}, {@link #HIGH}). Near the
 * centre it is the identity; it never reaches either bound, and its gradient never vanishes
 * outright.
 *
 * <p>Why: an unbounded log-sigma let E's codes reach |z| of 30 to 90 at initialisation and, in
 * GALI-4's cycle E(G(E(x))), log-sigma 13.4 (|z| about 88,000) by step 15; E's gradient then
 * jumped 1,000-fold and Adam's second moment kept E's and G's steps near zero for the rest of the
 * run (issue "Faithful inference"). A hard clamp to the same range did worse than this bound in
 * one-epoch trials: clamped values sit at the bound with no gradient.
 *
 * <p>The same function is applied in training ({@link LatentNetworks#encode}) and in the exported
 * ONNX encoder ({@code OnnxExporter}), from these constants.
 */
public final class LogSigmaBound {

    /** Lower bound: sigma > 0.0067, far below any posterior spread a 28x28 model needs. */
    public static final float LOW = -5f;
    /** Upper bound: sigma < e, wider than the N(0, 1) prior. */
    public static final float HIGH = 1f;
    /** The bound's centre c. */
    public static final float CENTRE = (LOW + HIGH) / 2;
    /** The bound's half-width h. */
    public static final float HALF_WIDTH = (HIGH - LOW) / 2;

    private LogSigmaBound() {}

    /** The bounded log-sigma for raw encoder outputs {@code raw}. */
    public static NDArray apply(NDArray raw) {
        return raw.sub(CENTRE).div(HALF_WIDTH).tanh().mul(HALF_WIDTH).add(CENTRE);
    }

    /** The same, for one value: what tests compare against. */
    public static float apply(float raw) {
        return (float) (CENTRE + HALF_WIDTH * Math.tanh((raw - CENTRE) / HALF_WIDTH));
    }
}
