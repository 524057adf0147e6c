package dev.ali4j.trainer.train;

import dev.ali4j.trainer.objective.ObjectiveStep.Telemetry;

/**
 * Watches each step's {@link Telemetry}: keeps the window's maxima for {@code metrics.jsonl} (so a
 * spike between two logged steps still shows) and says, once per run, when one passes a threshold.
 *
 * <p>Thresholds: a code with |z| above {@link #CODE_LIMIT} (prior draws in d = 64 stay below 6),
 * or a gradient norm above {@link #GRADIENT_JUMP} times its running average once
 * {@link #WARM_UP} steps have set it. Before the log-sigma bound, GALI-4's failed seed showed both
 * at step 15: |z| about 88,000 and E's gradient 1,000-fold.
 */
final class SpikeWatch {

    static final float CODE_LIMIT = 20f;
    static final float GRADIENT_JUMP = 50f;
    static final int WARM_UP = 20;
    private static final float AVERAGE_DECAY = 0.95f;

    private final float[] averages = new float[3];
    private long seen;
    private boolean warned;
    private float[] window = new float[5];

    /**
     * Takes one step's telemetry.
     *
     * @return a one-line warning the first time a threshold is passed in this run, else null
     */
    String observe(long step, Telemetry t) {
        float[] values = values(t);
        for (int i = 0; i < values.length; i++) {
            window[i] = Math.max(window[i], values[i]);
        }
        String warning = null;
        if (!warned) {
            warning = check(step, t);
            warned = warning != null;
        }
        seen++;
        for (int i = 0; i < averages.length; i++) {
            float norm = values[2 + i];
            averages[i] = seen == 1 ? norm : AVERAGE_DECAY * averages[i] + (1 - AVERAGE_DECAY) * norm;
        }
        return warning;
    }

    /** The maxima since the last call, as a Telemetry, and a fresh window. */
    Telemetry drainWindow() {
        Telemetry out = new Telemetry(window[0], window[1], window[2], window[3], window[4]);
        window = new float[5];
        return out;
    }

    private String check(long step, Telemetry t) {
        if (t.maxAbsCode() > CODE_LIMIT || !Float.isFinite(t.maxAbsCode())) {
            return String.format("step %d: encoder codes reached |z| %.4g (max |log-sigma| %.3g); "
                    + "prior draws stay below 6. Telemetry in metrics.jsonl and telemetry.png", step,
                    t.maxAbsCode(), t.maxAbsLogSigma());
        }
        String[] names = {"E", "G", "D"};
        float[] norms = {t.encoderGradientNorm(), t.generatorGradientNorm(), t.discriminatorGradientNorm()};
        for (int i = 0; i < norms.length; i++) {
            if (!Float.isFinite(norms[i])) { // ObjectiveStep leaves such an update out
                return String.format("step %d: %s's gradient norm is %s, so its update was skipped; "
                        + "telemetry in metrics.jsonl and telemetry.png", step, names[i], norms[i]);
            }
        }
        if (seen < WARM_UP) {
            return null;
        }
        for (int i = 0; i < norms.length; i++) {
            if (norms[i] > GRADIENT_JUMP * averages[i]) {
                return String.format("step %d: %s's gradient norm %.4g is %.0fx its running average; "
                        + "telemetry in metrics.jsonl and telemetry.png", step, names[i], norms[i],
                        norms[i] / averages[i]);
            }
        }
        return null;
    }

    private static float[] values(Telemetry t) {
        return new float[] {t.maxAbsLogSigma(), t.maxAbsCode(), t.encoderGradientNorm(), t.generatorGradientNorm(),
                t.discriminatorGradientNorm()};
    }
}
