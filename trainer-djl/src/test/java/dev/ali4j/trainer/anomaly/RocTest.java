package dev.ali4j.trainer.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RocTest {

    @Test
    void aurocIsTheChanceThatAnAnomalyOutscoresANormalImage() {
        // Anomalies 0.35 and 0.8 against normal 0.1 and 0.4: 3 of the 4 pairs are won.
        Roc roc = Roc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertEquals(0.75, roc.auroc(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.falsePositiveRate(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.truePositiveRate(), 1e-12);
    }

    @Test
    void perfectReversedAndTiedScores() {
        boolean[] labels = {false, false, true, true};
        assertEquals(1, Roc.of(new double[] {1, 2, 3, 4}, labels).auroc(), 1e-12);
        assertEquals(0, Roc.of(new double[] {4, 3, 2, 1}, labels).auroc(), 1e-12);
        Roc tied = Roc.of(new double[] {5, 5, 5, 5}, labels);
        assertEquals(0.5, tied.auroc(), 1e-12, "ties count half");
        assertArrayEquals(new double[] {0, 1}, tied.falsePositiveRate(), 1e-12, "one point for the tie");
    }

    @Test
    void bothKindsOfImageAreNeeded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Roc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertEquals("ROC needs anomalies and normal images, got 2 and 0", e.getMessage());
    }
}
