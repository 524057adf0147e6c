package dev.ali4j.trainer.anomaly;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.trainer.data.ImageSet;
import java.util.EnumSet;
import org.hipparchus.stat.descriptive.rank.Percentile;

/** Measures a {@link Calibration}: one score's percentiles 0 to 100 on normal images. */
public final class Calibrator {

    private Calibrator() {}

    /**
     * @param scorer a scorer of the bundle's model, whose primary score is calibrated
     * @param spec the bundle's image format
     * @param normal held-out images of the training distribution
     * @param data where they came from, recorded in the calibration
     */
    public static Calibration calibrate(AnomalyScorer scorer, ImageSpec spec, ImageSet normal, String data) {
        AnomalyScoreKind kind = scorer.primary();
        double[] scores = ImageSetScores.score(scorer, spec, normal, EnumSet.of(kind)).get(kind);
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("the " + kind.label() + " score is not finite on some normal image: "
                        + "the model is broken; retrain or re-export it");
            }
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(scores);
        float[] quantiles = new float[Calibration.QUANTILES];
        quantiles[0] = (float) java.util.Arrays.stream(scores).min().orElseThrow();
        for (int p = 1; p < Calibration.QUANTILES; p++) {
            quantiles[p] = Math.max(quantiles[p - 1], (float) percentile.evaluate(p));
        }
        return new Calibration(kind, normal.size(), data, quantiles);
    }
}
