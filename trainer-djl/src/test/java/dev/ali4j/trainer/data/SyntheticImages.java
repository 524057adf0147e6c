package dev.ali4j.trainer.data;

import java.util.Random;

/** Small in-memory image sets for training tests of architectures that no embedded data fits. */
public final class SyntheticImages {

    private SyntheticImages() {}

    /**
     * Seeded colour images: each channel of each image is a random linear ramp plus noise, so
     * that the set has some structure to learn.
     *
     * @param channels channels per image, e.g. 3
     * @param size height and width
     * @param train images in the training split
     * @param test images in the test split
     */
    public static DataSplits splits(int channels, int size, int train, int test, long seed) {
        Random random = new Random(seed);
        ImageSet trainSet = images("synthetic-train", channels, size, train, random);
        ImageSet testSet = images("synthetic-test", channels, size, test, random);
        return new DataSplits(trainSet, testSet,
                "synthetic " + channels + "x" + size + "x" + size + " (" + train + " train / " + test + " test)");
    }

    private static ImageSet images(String name, int channels, int size, int count, Random random) {
        byte[] pixels = new byte[count * channels * size * size];
        int[] labels = new int[count];
        int i = 0;
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < channels; c++) {
                double base = random.nextDouble() * 255;
                if (c == 0) {
                    labels[n] = base < 128 ? 0 : 1; // dark or bright: something a classifier can learn
                }
                double dy = (random.nextDouble() - 0.5) * 8;
                double dx = (random.nextDouble() - 0.5) * 8;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = base + dy * y + dx * x + random.nextGaussian() * 10;
                        pixels[i++] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                    }
                }
            }
        }
        return new ImageSet(name, channels, size, size, pixels, labels);
    }
}
