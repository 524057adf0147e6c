package dev.ali4j.trainer.classifier;

/**
 * How {@link ClassifierTrainer} trains.
 *
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param learningRate Adam's learning rate (betas 0.9 and 0.999)
 * @param seed seeds the engine's RNG (initialisation, dropout) and the data order
 * @param trainLimit use at most this many training images (0 = all)
 * @param base channels of the first convolution ({@link ClassifierArchitecture#base})
 * @param featureSize width of the features ({@link ClassifierArchitecture#featureSize})
 */
public record ClassifierConfig(
        int epochs, int batchSize, float learningRate, long seed, int trainLimit, int base, int featureSize) {

    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    public static final long DEFAULT_SEED = 42;
    /** The standard architecture: 32 channels in the first convolution, 256 features. */
    public static final int DEFAULT_BASE = 32;
    public static final int DEFAULT_FEATURE_SIZE = 256;

    public ClassifierConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (batch norm), got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all images) or positive, got " + trainLimit);
        }
        if (base < 1 || featureSize < 1) {
            throw new IllegalArgumentException("base and feature size must be positive, got " + base + " and "
                    + featureSize);
        }
    }

    /** The defaults of {@code ./ali train-classifier}: the standard architecture on every training image. */
    public static ClassifierConfig defaults() {
        return new ClassifierConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED, 0,
                DEFAULT_BASE, DEFAULT_FEATURE_SIZE);
    }

    /** The classifier this configuration trains on images of this shape. */
    public ClassifierArchitecture architecture(int channels, int height, int width, int classes) {
        return new ClassifierArchitecture(channels, height, width, classes, base, featureSize,
                ClassifierArchitecture.DROPOUT);
    }
}
