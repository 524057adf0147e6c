package dev.ali4j.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The bound is smooth, monotone, the identity at its centre, and never passes its limits. */
class LogSigmaBoundTest {

    @Test
    void boundedMonotoneAndIdentityAtTheCentre() {
        assertEquals(LogSigmaBound.CENTRE, LogSigmaBound.apply(LogSigmaBound.CENTRE), 1e-6);
        float slope = (LogSigmaBound.apply(LogSigmaBound.CENTRE + 1e-3f) - LogSigmaBound.apply(LogSigmaBound.CENTRE)) / 1e-3f;
        assertEquals(1f, slope, 1e-3, "identity near the centre");
        float previous = Float.NEGATIVE_INFINITY;
        for (float raw : new float[] {-1e30f, -1e4f, -50f, -5f, -2f, 0f, 1f, 13.4f, 1e4f, 1e30f}) {
            float bounded = LogSigmaBound.apply(raw);
            assertTrue(bounded >= LogSigmaBound.LOW && bounded <= LogSigmaBound.HIGH, raw + " -> " + bounded);
            assertTrue(bounded >= previous, "monotone at " + raw);
            previous = bounded;
        }
    }

    @Test
    void djlFormMatchesTheScalarForm() {
        float[] raw = {-1e6f, -7f, -2f, 0f, 0.5f, 3f, 1e6f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray bounded = LogSigmaBound.apply(m.create(raw, new Shape(1, raw.length)));
            float[] expected = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                expected[i] = LogSigmaBound.apply(raw[i]);
            }
            assertArrayEquals(expected, bounded.toFloatArray(), 1e-5f);
        }
    }
}
