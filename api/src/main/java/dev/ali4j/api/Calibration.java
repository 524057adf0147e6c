package dev.ali4j.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one anomaly score looks like on normal images: its percentiles 0 to 100, measured by
 * {@code ali calibrate} on held-out images of the training distribution and kept in the bundle's
 * manifest. It turns a raw score into a percentile, so an app can flag anomalies without any
 * statistics of its own.
 *
 * <pre>{@code
 * Calibration calibration = model.manifest().calibration();   // null if never calibrated
 * double percentile = calibration.percentile(score);            // 0..100
 * boolean odd = Calibration.isAnomalous(percentile);            // above the 99th percentile
 * }</pre>
 *
 * <p>A calibration may also carry the {@link NormalProfile} of the images the model was trained
 * on, which the {@link AnomalyScoreKind#DENSITY} and {@link AnomalyScoreKind#COMBINED} scores need.
 *
 * <p>The section carries the SHA-256 of its own content, so a hand-edited or corrupted
 * calibration is refused when the bundle loads, as a changed model file is.
 */
public final class Calibration {
    /** Number of quantiles kept: percentiles 0, 1, ..., 100. */
    public static final int QUANTILES = 101;
    /**
     * Percentile above which {@link #isAnomalous(double)} flags an image: about 1 normal image
     * in 100 is flagged.
     */
    public static final double DEFAULT_ANOMALY_PERCENTILE = 99.0;

    private final AnomalyScoreKind score;
    private final int images;
    private final String data;
    private final float[] quantiles;
    private final NormalProfile profile;

    /**
     * A calibration without a profile, for a score that needs none.
     *
     * @see #Calibration(AnomalyScoreKind, int, String, float[], NormalProfile)
     */
    public Calibration(AnomalyScoreKind score, int images, String data, float[] quantiles) {
        this(score, images, data, quantiles, null);
    }

    /**
     * @param score the score these quantiles describe
     * @param images how many normal images they were measured on, at least 1
     * @param data where those images came from, for people
     * @param quantiles {@value #QUANTILES} finite values, non-decreasing: percentile 0 (the
     *     smallest score) to 100 (the largest)
     * @param profile the normal images' profile, or null; required for a score that {@link
     *     AnomalyScoreKind#needsProfile() needs one}
     * @throws IllegalArgumentException naming what is wrong
     */
    public Calibration(AnomalyScoreKind score, int images, String data, float[] quantiles, NormalProfile profile) {
        this.score = Objects.requireNonNull(score, "score");
        if (score.needsProfile() && profile == null) {
            throw new IllegalArgumentException("the " + score.label() + " score needs a profile of normal images"
                    + " (calibration.profile); run ali calibrate again");
        }
        this.profile = profile;
        if (images < 1) {
            throw new IllegalArgumentException("calibration.images must be at least 1, got " + images);
        }
        this.images = images;
        this.data = data == null ? "" : data;
        if (quantiles == null || quantiles.length != QUANTILES) {
            throw new IllegalArgumentException("calibration.quantiles must hold " + QUANTILES
                    + " values (percentiles 0 to 100), got " + (quantiles == null ? "none" : quantiles.length));
        }
        for (int i = 0; i < QUANTILES; i++) {
            if (!Float.isFinite(quantiles[i]) || (i > 0 && quantiles[i] < quantiles[i - 1])) {
                throw new IllegalArgumentException("calibration.quantiles must be finite and non-decreasing;"
                        + " value " + i + " is " + quantiles[i]);
            }
        }
        this.quantiles = quantiles.clone();
    }

    /** @return the score these quantiles describe */
    public AnomalyScoreKind score() {
        return score;
    }

    /** @return how many normal images the quantiles were measured on */
    public int images() {
        return images;
    }

    /** @return where the normal images came from */
    public String data() {
        return data;
    }

    /** @return a copy of the {@value #QUANTILES} quantiles, percentile 0 first */
    public float[] quantiles() {
        return quantiles.clone();
    }

    /** @return the profile of the images the model was trained on, or null if this calibration has none */
    public NormalProfile profile() {
        return profile;
    }

    /**
     * Where a raw score falls among the normal images' scores, interpolated between quantiles.
     *
     * @param value a score of kind {@link #score()}
     * @return 0 at or below the smallest normal score, 100 at or above the largest; NaN for NaN
     */
    public double percentile(double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        if (value < quantiles[0]) {
            return 0;
        }
        if (value >= quantiles[QUANTILES - 1]) {
            return 100;
        }
        // The last quantile at or below the value: ties count as reached.
        int i = 0;
        while (quantiles[i + 1] <= value) {
            i++;
        }
        return i + (value - quantiles[i]) / (quantiles[i + 1] - quantiles[i]);
    }

    /**
     * @param percentile from {@link #percentile(double)}
     * @return whether it lies above {@link #DEFAULT_ANOMALY_PERCENTILE}
     */
    public static boolean isAnomalous(double percentile) {
        return isAnomalous(percentile, DEFAULT_ANOMALY_PERCENTILE);
    }

    /**
     * @param percentile from {@link #percentile(double)}
     * @param threshold percentile above which an image counts as anomalous
     * @return whether {@code percentile > threshold}
     */
    public static boolean isAnomalous(double percentile, double threshold) {
        return percentile > threshold;
    }

    /**
     * @return the SHA-256 written beside the section: of its score, image count, data,
     *     quantiles and profile, in a fixed text form
     */
    public String sha256() {
        StringBuilder text = new StringBuilder(score.label()).append('\n').append(images).append('\n')
                .append(data).append('\n');
        for (float q : quantiles) {
            text.append(Float.toString(q)).append(',');
        }
        if (profile != null) { // appended only when present: calibrations from before profiles still verify
            text.append('\n');
            profile.appendTo(text);
        }
        return Checksums.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Calibration)) {
            return false;
        }
        Calibration that = (Calibration) o;
        return score == that.score && images == that.images && data.equals(that.data)
                && Arrays.equals(quantiles, that.quantiles) && Objects.equals(profile, that.profile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(score, images, data, Arrays.hashCode(quantiles), profile);
    }

    @Override
    public String toString() {
        return score.label() + " on " + images + " images (" + data + "): median " + quantiles[50] + ", 99th "
                + quantiles[99];
    }
}
