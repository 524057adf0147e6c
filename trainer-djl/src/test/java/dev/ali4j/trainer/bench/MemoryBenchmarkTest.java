package dev.ali4j.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 3: peak RSS after 2,000 training steps within 10% of that after 200. */
class MemoryBenchmarkTest {

    @Test
    void peakMemoryStaysFlatOverTwoThousandSteps() throws Exception {
        MemoryBenchmark.Result r = MemoryBenchmark.measure("gray28-tiny", "gali-4", 4, 2000, 256);
        System.out.printf("peak RSS %d kB after %d steps, %d kB after %d (growth %.3f)%n", r.earlyKb(), r.early(),
                r.finalKb(), r.steps(), r.growth());
        assertTrue(r.early() == 200 && r.steps() == 2000, r.toString());
        assertTrue(r.growth() <= 1.10, "peak RSS grew by more than 10%: " + r);
    }
}
