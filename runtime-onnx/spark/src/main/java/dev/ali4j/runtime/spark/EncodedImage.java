package dev.ali4j.runtime.spark;

/**
 * What {@link ImageBatchEncoder} found for one image: its code, reconstruction error and anomaly
 * score, or why it has none. Exactly one of {@code mu} and {@code error} is null.
 *
 * @param mu the encoder's mean code, {@code d} floats, or null if the image was refused
 * @param logSigma the encoder's log standard deviations, {@code d} floats, or null if the image
 *     was refused or the encoder has none
 * @param reconstructionMse mean squared error between the image and G(mu), pixels in [0, 1] (as
 *     {@code ali eval}'s {@code pixel_mse}); NaN if the image was refused
 * @param anomalyScore the bundle's primary anomaly score ({@code AnomalyScorer}); NaN if the
 *     image was refused
 * @param anomalyPercentile where that score falls among normal images' (0 to 100); NaN if the
 *     image was refused or the bundle is not calibrated
 * @param error names the image and the fault (not an image, corrupt, too many pixels), or null
 */
public record EncodedImage(float[] mu, float[] logSigma, double reconstructionMse, double anomalyScore,
        double anomalyPercentile, String error) {

    /** @return a result for an image that could not be encoded */
    static EncodedImage failed(String error) {
        return new EncodedImage(null, null, Double.NaN, Double.NaN, Double.NaN, error);
    }

    /** @return true if the image was encoded */
    public boolean ok() {
        return error == null;
    }
}
