package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StabilisersTest {

    @Test
    void aGradientOverTheClipIsScaledDownToItAndOthersAreLeftAlone() {
        Stabilisers clipped = Stabilisers.defaults().withGradientClip(100f);
        assertEquals(1f, clipped.clipScale(99f));
        assertEquals(1e-5f, clipped.clipScale(1e7f), 1e-12f);
        assertEquals(1f, Stabilisers.defaults().clipScale(1e7f), "0 turns clipping off");
    }

    @Test
    void aNegativeOrInfiniteClipIsRefusedWithItsName() {
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Stabilisers.defaults().withGradientClip(bad));
            assertTrue(e.getMessage().startsWith("the gradient clip must be a finite norm >= 0"), e.getMessage());
        }
    }
}
