package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A configuration is checked whole when it is built, so every caller gets the same clear error. */
class TrainingConfigTest {

    @Test
    void anUnknownArchitectureFailsAtBuildNamingTheKnownOnes() {
        TrainingConfig.Builder builder = TrainingConfig.builder().architecture("rgb1024");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("unknown architecture 'rgb1024'"), e.getMessage());
        assertTrue(e.getMessage().contains("gray28-small"), e.getMessage());
    }

    @Test
    void aMissingArchitectureFailsAtBuild() {
        TrainingConfig.Builder builder = TrainingConfig.builder().architecture(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("an architecture is required", e.getMessage());
    }

    @Test
    void architectureNamesAreCaseInsensitiveAndKeptAsGiven() {
        assertEquals("Gray28-Tiny", TrainingConfig.builder().architecture("Gray28-Tiny").build().architecture());
    }

    @Test
    void theDefaultsBuild() {
        assertEquals(TrainingConfig.DEFAULT_ARCHITECTURE, TrainingConfig.defaults().architecture());
    }
}
