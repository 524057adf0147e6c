package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ali4j.trainer.objective.Objectives;
import org.junit.jupiter.api.Test;

class TunedObjectiveTest {
    private final TunedObjective tuned = new TunedObjective("alice", 6f);

    @Test
    void ourPresetGetsOurWeightUnlessTheUserGivesOne() {
        assertEquals(Float.valueOf(6f), tuned.weight("alice", null));
        assertEquals(Float.valueOf(2f), tuned.weight("alice", 2f));
        assertEquals(6f, tuned.spec("alice", null).lambdaOrZero());
        assertEquals(2f, tuned.spec("alice", 2f).lambdaOrZero());
        assertEquals("alice lambda 6.0", tuned.describe("alice", null));
    }

    @Test
    void anotherPresetKeepsItsOwnWeightUnlessTheUserGivesOne() {
        assertNull(tuned.weight("gali-4", null));
        assertEquals(Objectives.presetSpec("gali-4"), tuned.spec("gali-4", null));
        assertEquals(3f, tuned.spec("gali-4", 3f).lambdaOrZero());
        assertEquals("gali-4", tuned.describe("gali-4", null));
    }
}
