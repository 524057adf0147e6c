package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.objective.ObjectiveStep.Telemetry;
import org.junit.jupiter.api.Test;

/** One warning per run, for a code blow-up or a gradient jump; the window keeps every peak. */
class SpikeWatchTest {

    private static final Telemetry CALM = new Telemetry(1.5f, 4f, 2f, 3f, 1f);

    @Test
    void calmTrainingNeverWarns() {
        SpikeWatch watch = new SpikeWatch();
        for (int step = 1; step <= 200; step++) {
            assertNull(watch.observe(step, CALM));
        }
    }

    @Test
    void aCodeBlowUpWarnsOnceNamingTheStep() {
        SpikeWatch watch = new SpikeWatch();
        assertNull(watch.observe(1, CALM));
        String warning = watch.observe(2, new Telemetry(4.9f, 88_000f, 2f, 3f, 1f));
        assertTrue(warning.startsWith("step 2: encoder codes reached |z| 8.800e+04"), warning);
        assertNull(watch.observe(3, new Telemetry(4.9f, 90_000f, 2f, 3f, 1f)), "one warning per run");
    }

    @Test
    void aGradientJumpAfterWarmUpWarns() {
        SpikeWatch watch = new SpikeWatch();
        for (int step = 1; step <= SpikeWatch.WARM_UP; step++) {
            assertNull(watch.observe(step, CALM));
        }
        String warning = watch.observe(21, new Telemetry(1.5f, 4f, 2_000f, 3f, 1f));
        assertTrue(warning.startsWith("step 21: E's gradient norm 2000 is 1000x its running average"), warning);
    }

    @Test
    void aNonFiniteGradientSaysItsUpdateWasSkipped() {
        SpikeWatch watch = new SpikeWatch();
        assertEquals("step 3: E's gradient norm is Infinity, so its update was skipped; telemetry in metrics.jsonl "
                + "and telemetry.png", watch.observe(3, new Telemetry(1.5f, 4f, Float.POSITIVE_INFINITY, 3f, 1f)));
    }

    @Test
    void theWindowKeepsEachPeakUntilDrained() {
        SpikeWatch watch = new SpikeWatch();
        watch.observe(1, new Telemetry(1f, 30f, 2f, 3f, 1f));
        watch.observe(2, new Telemetry(2f, 4f, 5f, 3f, 1f));
        Telemetry peaks = watch.drainWindow();
        assertEquals(new Telemetry(2f, 30f, 5f, 3f, 1f), peaks);
        watch.observe(3, CALM);
        assertEquals(CALM, watch.drainWindow());
    }
}
