package dev.ali4j.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * What normal images look like to a model, measured by {@code ali calibrate} on the images it
 * was trained on: the Gaussian of their codes mu(x) (mean and precision, the inverse
 * covariance), which gives the {@link AnomalyScoreKind#DENSITY} score, and the mean and spread
 * of the logarithms of the reconstruction and density scores, which put the two on one scale
 * for the {@link AnomalyScoreKind#COMBINED} score. Kept in the bundle's calibration section.
 */
public final class NormalProfile {
    /** Scores below this count as this before their logarithm is taken: a perfect reconstruction stays finite. */
    private static final double LOG_FLOOR = 1e-12;
    /**
     * The largest code size a profile may describe: its precision matrix holds d x d values, and
     * a manifest (which a client may send) must not make the reader allocate gigabytes.
     */
    public static final int MAX_LATENT_SIZE = 4096;

    private final int images;
    private final float[] latentMean;
    private final float[] latentPrecision;
    private final float[] logReconstruction;
    private final float[] logDensity;

    /**
     * @param images how many normal images it was measured on, at least 2
     * @param latentMean the codes' mean, d values
     * @param latentPrecision the inverse of their covariance, d x d values by rows, symmetric
     * @param logReconstruction the mean and standard deviation of ln(reconstruction score)
     * @param logDensity the mean and standard deviation of ln(density score)
     * @throws IllegalArgumentException naming what is wrong
     */
    public NormalProfile(int images, float[] latentMean, float[] latentPrecision, float[] logReconstruction,
            float[] logDensity) {
        if (images < 2) {
            throw new IllegalArgumentException("profile.images must be at least 2, got " + images);
        }
        this.images = images;
        this.latentMean = finite("latentMean", latentMean).clone();
        int d = latentMean.length;
        if (d == 0 || d > MAX_LATENT_SIZE) {
            throw new IllegalArgumentException("profile.latentMean must hold 1 to " + MAX_LATENT_SIZE + " values, got "
                    + d);
        }
        this.latentPrecision = finite("latentPrecision", latentPrecision).clone();
        if (latentPrecision.length != (long) d * d) {
            throw new IllegalArgumentException("profile.latentPrecision must hold " + d + " x " + d + " = "
                    + (long) d * d + " values for a latent mean of " + d + ", got " + latentPrecision.length);
        }
        checkSymmetric(this.latentPrecision, d);
        this.logReconstruction = spread("logReconstruction", logReconstruction);
        this.logDensity = spread("logDensity", logDensity);
    }

    /** @return how many normal images it was measured on */
    public int images() {
        return images;
    }

    /** @return d, the code size it describes */
    public int latentSize() {
        return latentMean.length;
    }

    /** @return a copy of the codes' mean */
    public float[] latentMean() {
        return latentMean.clone();
    }

    /** @return a copy of the codes' precision matrix, by rows */
    public float[] latentPrecision() {
        return latentPrecision.clone();
    }

    /** @return a copy of {mean, standard deviation} of ln(reconstruction score) on normal images */
    public float[] logReconstruction() {
        return logReconstruction.clone();
    }

    /** @return a copy of {mean, standard deviation} of ln(density score) on normal images */
    public float[] logDensity() {
        return logDensity.clone();
    }

    /**
     * The squared Mahalanobis distance of one code from the normal codes' Gaussian: about d for a
     * typical normal image, larger for codes where normal images seldom fall.
     *
     * @param codes n codes of d values each, by rows
     * @param row which code
     * @return (mu - mean)' precision (mu - mean)
     */
    public double density(float[] codes, int row) {
        int d = latentMean.length;
        double[] centred = new double[d];
        for (int k = 0; k < d; k++) {
            centred[k] = codes[row * d + k] - latentMean[k];
        }
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double dot = 0;
            for (int l = 0; l < d; l++) {
                dot += latentPrecision[k * d + l] * centred[l];
            }
            sum += centred[k] * dot;
        }
        return sum;
    }

    /**
     * @param reconstruction an image's reconstruction score
     * @param density its density score
     * @return the sum of their logarithms, each standardised by the normal images' mean and spread
     */
    public double combined(double reconstruction, double density) {
        return standardised(reconstruction, logReconstruction) + standardised(density, logDensity);
    }

    /**
     * @param score a positive score
     * @param spread {mean, standard deviation} of its logarithm on normal images
     * @return how many standard deviations its logarithm lies above their mean
     */
    public static double standardised(double score, float[] spread) {
        return (Math.log(Math.max(score, LOG_FLOOR)) - spread[0]) / spread[1];
    }

    /**
     * Appends a fixed text form of every value, for the calibration's checksum: each float's bits
     * in hexadecimal, which unlike {@code Float.toString} do not change between Java versions.
     */
    void appendTo(StringBuilder text) {
        text.append("profile\n").append(images).append('\n');
        for (float[] values : new float[][] {latentMean, latentPrecision, logReconstruction, logDensity}) {
            for (float v : values) {
                text.append(Integer.toHexString(Float.floatToIntBits(v))).append(',');
            }
            text.append('\n');
        }
    }

    private static float[] finite(String name, float[] values) {
        if (values == null) {
            throw new IllegalArgumentException("profile." + name + " is missing");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("profile." + name + " must be finite; value " + i + " is "
                        + values[i]);
            }
        }
        return values;
    }

    private static float[] spread(String name, float[] values) {
        finite(name, values);
        if (values.length != 2 || !(values[1] > 0)) {
            throw new IllegalArgumentException("profile." + name + " must be {mean, standard deviation} with a "
                    + "positive deviation, got " + (values.length == 2 ? Arrays.toString(values)
                            : values.length + " values"));
        }
        return values.clone();
    }

    /**
     * A precision matrix is symmetric with a positive diagonal; one that is not (an edited
     * manifest) would give negative densities, under which no image could ever look anomalous.
     */
    private static void checkSymmetric(float[] precision, int d) {
        for (int k = 0; k < d; k++) {
            if (!(precision[k * d + k] > 0)) {
                throw new IllegalArgumentException("profile.latentPrecision must have a positive diagonal; value ("
                        + k + ", " + k + ") is " + precision[k * d + k]);
            }
            for (int l = k + 1; l < d; l++) {
                if (precision[k * d + l] != precision[l * d + k]) {
                    throw new IllegalArgumentException("profile.latentPrecision must be symmetric; values (" + k
                            + ", " + l + ") and (" + l + ", " + k + ") differ");
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NormalProfile)) {
            return false;
        }
        NormalProfile that = (NormalProfile) o;
        return images == that.images && Arrays.equals(latentMean, that.latentMean)
                && Arrays.equals(latentPrecision, that.latentPrecision)
                && Arrays.equals(logReconstruction, that.logReconstruction) && Arrays.equals(logDensity, that.logDensity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(images, Arrays.hashCode(latentMean), Arrays.hashCode(latentPrecision),
                Arrays.hashCode(logReconstruction), Arrays.hashCode(logDensity));
    }
}
