package dev.ali4j.trainer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The build runs tests with oneDNN limited to AVX2 (the parent pom's surefire configuration), so
 * convolution gradients must reproduce exactly, and training is allowed. On an AVX-512 machine
 * without that setting the same check failed in 11 to 23 of 40 calls (EngineCheck's comment).
 */
class EngineCheckTest {

    @Test
    void convolutionGradientsReproduceUnderTheBuildsSetting() {
        assertTrue(EngineCheck.gradientsReproduce(), "the same input gave different convolution gradients");
        assertDoesNotThrow(EngineCheck::requireExactConvolutionGradients);
    }
}
