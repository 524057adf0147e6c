package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StabilisersTest {
    private static final Stabilisers UNGUARDED = Stabilisers.defaults().withSpikeGuard(0f);

    @Test
    void aGradientOverTheClipIsScaledDownToItAndOthersAreLeftAlone() {
        Stabilisers clipped = UNGUARDED.withGradientClip(100f);
        assertEquals(1f, clipped.gradientScale(99f, 1f));
        assertEquals(1e-5f, clipped.gradientScale(1e7f, 1f), 1e-12f);
        assertEquals(1f, UNGUARDED.gradientScale(1e7f, 1f), "0 turns clipping off");
    }

    @Test
    void theSpikeGuardHoldsAGradientToFiftyTimesItsRecentSizeByDefault() {
        Stabilisers guarded = Stabilisers.defaults();
        assertEquals(Stabilisers.DEFAULT_SPIKE_GUARD, guarded.spikeGuard());
        assertEquals(1f, guarded.gradientScale(49f, 1f), "a healthy jump is left alone");
        assertEquals(50f / 1e7f, guarded.gradientScale(1e7f, 1f), 1e-12f);
        assertEquals(1f, guarded.gradientScale(1e7f, 0f), "nothing to compare with before the first step");
        assertEquals(1e-5f, guarded.withGradientClip(100f).gradientScale(1e7f, 10f), 1e-12f,
                "the tighter of the clip (100) and the guard (500) wins");
    }

    @Test
    void aCheckpointWrittenBeforeTheGuardResumesWithoutIt() throws Exception {
        // The stabilisers of a checkpoint header as written before --spike-guard (and --clip-gradient) existed.
        String old = "{\"spectralNorm\":false,\"instanceNoise\":0.0,\"dropout\":0.2,\"discriminatorSteps\":1,"
                + "\"outputBias\":false,\"update\":\"ALTERNATING\",\"discriminatorWidth\":1}";
        Stabilisers read = new ObjectMapper().readValue(old, Stabilisers.class);
        assertEquals(0f, read.spikeGuard(), "off, as the run was trained");
        assertEquals(1f, read.gradientScale(1e7f, 1f));
        assertEquals(Stabilisers.defaults().withSpikeGuard(0f), read);
    }

    @Test
    void aNegativeOrInfiniteClipIsRefusedWithItsName() {
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Stabilisers.defaults().withGradientClip(bad));
            assertTrue(e.getMessage().startsWith("the gradient clip must be a finite norm >= 0"), e.getMessage());
        }
        for (float bad : new float[] {-1f, 0.5f, 1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Stabilisers.defaults().withSpikeGuard(bad));
            assertTrue(e.getMessage().startsWith("the spike guard must be 0 (off) or a finite multiple above 1"),
                    e.getMessage());
        }
    }
}
