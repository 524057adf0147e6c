package dev.ali4j.trainer.classifier;

import java.util.Map;

/**
 * What {@code classifier.json} says about a trained classifier: how to rebuild it, how it was
 * trained and how well it does.
 *
 * @param format always {@link #FORMAT}
 * @param version format version, {@link #VERSION}
 * @param architecture rebuilds the network
 * @param fingerprint hash of the parameter shapes, checked against the rebuilt network
 * @param paramsSha256 SHA-256 of {@code classifier.params}, checked on loading
 * @param testAccuracy fraction of the test split classified correctly, in [0, 1]
 * @param testImages size of the test split
 * @param data where the data came from ({@code DataSplits.description()})
 * @param trainImages training images used
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param learningRate Adam's learning rate
 * @param seed seeds initialisation, dropout and the data order
 * @param versions ali4j, DJL, PyTorch and Java versions that trained it
 */
public record ClassifierInfo(
        String format,
        int version,
        ClassifierArchitecture architecture,
        String fingerprint,
        String paramsSha256,
        double testAccuracy,
        int testImages,
        String data,
        int trainImages,
        int epochs,
        int batchSize,
        float learningRate,
        long seed,
        Map<String, String> versions) {

    public static final String FORMAT = "ali4j-classifier";
    public static final int VERSION = 1;

    /** This description for other parameters: their shape fingerprint and the file's checksum. */
    public ClassifierInfo withParameters(String newFingerprint, String newParamsSha256) {
        return new ClassifierInfo(format, version, architecture, newFingerprint, newParamsSha256, testAccuracy, testImages,
                data, trainImages, epochs, batchSize, learningRate, seed, versions);
    }
}
