package dev.ali4j.trainer.anomaly;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.trainer.data.ImageSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Anomaly scores of a whole {@link ImageSet}, scored batch by batch through the runtime. */
public final class ImageSetScores {

    /** Images per call of the scorer: big enough for ONNX Runtime, small enough for any heap. */
    public static final int BATCH = 250;

    private ImageSetScores() {}

    /**
     * @param scorer a scorer of the bundle's model
     * @param spec the bundle's image format (pixel range)
     * @param images images of that shape
     * @param kinds the scores wanted
     * @return for each kind, one score per image in order
     */
    public static Map<AnomalyScoreKind, double[]> score(AnomalyScorer scorer, ImageSpec spec, ImageSet images,
            Set<AnomalyScoreKind> kinds) {
        Map<AnomalyScoreKind, double[]> out = new EnumMap<>(AnomalyScoreKind.class);
        for (AnomalyScoreKind kind : kinds) {
            out.put(kind, new double[images.size()]);
        }
        for (int from = 0; from < images.size(); from += BATCH) {
            int n = Math.min(BATCH, images.size() - from);
            float[] pixels = images.rangeScaled(from, n, spec.pixelMin(), spec.pixelMax());
            AnomalyScores scores = scorer.score(new ImageTensor(pixels, n, spec.channels(), spec.height(),
                    spec.width()), kinds);
            for (AnomalyScoreKind kind : kinds) {
                for (int i = 0; i < n; i++) {
                    out.get(kind)[from + i] = scores.value(kind, i);
                }
            }
        }
        return out;
    }
}
