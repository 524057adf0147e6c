package dev.ali4j.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The linear probe on synthetic codes whose answer is known. */
class LinearProbeTest {

    static final int DIM = 8;
    static final int CLASSES = 4;

    /** Codes of four well separated clusters, on a scale and offset far from standardised. */
    private static float[] clusters(int[] labels, Random random) {
        float[] codes = new float[labels.length * DIM];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(CLASSES);
            for (int j = 0; j < DIM; j++) {
                double centre = j == labels[i] ? 3 : 0;
                codes[i * DIM + j] = (float) (500 + 100 * (centre + 0.5 * random.nextGaussian()));
            }
        }
        return codes;
    }

    @Test
    void separableCodesAreClassifiedAlmostPerfectly() {
        Random random = new Random(11);
        int[] trainLabels = new int[2000];
        float[] train = clusters(trainLabels, random);
        int[] testLabels = new int[1000];
        float[] test = clusters(testLabels, random);
        LinearProbe probe = LinearProbe.fit(train, trainLabels, DIM, CLASSES, 300, 1e-4);
        double accuracy = probe.accuracy(test, testLabels);
        assertTrue(accuracy >= 0.99, "accuracy " + accuracy);
    }

    @Test
    void randomLabelsScoreAboutChanceOnNewCodes() {
        Random random = new Random(12);
        int[] ignored = new int[3000];
        float[] train = clusters(ignored, random);
        float[] test = clusters(new int[2000], random);
        int[] trainLabels = random.ints(train.length / DIM, 0, CLASSES).toArray();
        int[] testLabels = random.ints(test.length / DIM, 0, CLASSES).toArray();
        double accuracy = LinearProbe.fit(train, trainLabels, DIM, CLASSES, 300, 1e-4).accuracy(test, testLabels);
        assertEquals(1.0 / CLASSES, accuracy, 0.05);
    }

    @Test
    void theSameCodesGiveTheSameProbe() {
        int[] labels = new int[500];
        float[] codes = clusters(labels, new Random(13));
        float[] noisy = clusters(new int[500], new Random(14));
        int[] a = LinearProbe.fit(codes, labels, DIM, CLASSES, 50, 1e-3).predict(noisy);
        int[] b = LinearProbe.fit(codes.clone(), labels.clone(), DIM, CLASSES, 50, 1e-3).predict(noisy);
        assertArrayEquals(a, b);
    }

    @Test
    void aConstantFeatureDoesNotBreakTheStandardisation() {
        int[] labels = new int[400];
        float[] codes = clusters(labels, new Random(15));
        for (int i = 0; i < labels.length; i++) {
            codes[i * DIM + DIM - 1] = 7; // sd 0
        }
        LinearProbe probe = LinearProbe.fit(codes, labels, DIM, CLASSES, 200, 1e-4);
        assertTrue(probe.accuracy(codes, labels) >= 0.99);
    }
}
