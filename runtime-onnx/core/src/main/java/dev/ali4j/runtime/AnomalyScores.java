package dev.ali4j.runtime;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Calibration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The anomaly scores of a batch of images, from {@link AnomalyScorer}. Higher is more anomalous. */
public final class AnomalyScores {
    private final int n;
    private final Map<AnomalyScoreKind, double[]> values;
    private final AnomalyScoreKind primary;
    private final Calibration calibration;

    AnomalyScores(int n, Map<AnomalyScoreKind, double[]> values, AnomalyScoreKind primary, Calibration calibration) {
        this.n = n;
        this.values = values;
        this.primary = primary;
        this.calibration = AnomalyScorer.calibrationFor(calibration, primary);
    }

    /** @return the number of images */
    public int n() {
        return n;
    }

    /** @return the kinds computed */
    public Set<AnomalyScoreKind> kinds() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** @return the primary score's kind: the one {@link #value(int)} and percentiles use */
    public AnomalyScoreKind primary() {
        return primary;
    }

    /**
     * @param i an image's index
     * @return its primary score
     */
    public double value(int i) {
        return value(primary, i);
    }

    /**
     * @param kind a computed kind
     * @param i an image's index
     * @return image i's score of that kind
     * @throws IllegalArgumentException if that kind was not computed
     */
    public double value(AnomalyScoreKind kind, int i) {
        double[] scores = values.get(kind);
        if (scores == null) {
            throw new IllegalArgumentException("the " + kind.label() + " score was not computed (computed: "
                    + kinds() + ")");
        }
        return scores[i];
    }

    /** @return whether percentiles are known: the bundle was calibrated for the primary score */
    public boolean calibrated() {
        return calibration != null;
    }

    /**
     * @param i an image's index
     * @return where its primary score falls among normal images' (0 to 100), NaN if not {@link #calibrated()}
     */
    public double percentile(int i) {
        return calibration == null ? Double.NaN : calibration.percentile(value(i));
    }

    /**
     * Image i's scores as the CLI's JSON lines and the server's responses give them:
     * {@code score} (the primary kind), {@code value}, {@code percentile} and {@code anomalous}
     * (null without calibration), and {@code scores}, every kind computed.
     *
     * @param i an image's index
     * @return field name to value, in that order
     */
    public Map<String, Object> describe(int i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("score", primary.label());
        out.put("value", value(i));
        out.put("percentile", calibrated() ? percentile(i) : null);
        out.put("anomalous", calibrated() ? isAnomalous(i) : null);
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map.Entry<AnomalyScoreKind, double[]> e : values.entrySet()) {
            all.put(e.getKey().label(), e.getValue()[i]);
        }
        out.put("scores", all);
        return out;
    }

    /**
     * @param i an image's index
     * @return whether its percentile is above {@link Calibration#DEFAULT_ANOMALY_PERCENTILE}
     * @throws IllegalStateException if the bundle was not calibrated for the primary score
     */
    public boolean isAnomalous(int i) {
        if (calibration == null) {
            throw new IllegalStateException("the bundle has no calibration for the " + primary.label()
                    + " score: run ali calibrate on it first");
        }
        return Calibration.isAnomalous(percentile(i));
    }
}
