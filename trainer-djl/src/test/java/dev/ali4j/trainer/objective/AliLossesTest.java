package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class AliLossesTest {

    private static double softplus(double v) {
        return Math.log1p(Math.exp(v));
    }

    @Test
    void discriminatorLossMatchesTheFormulaOnFixedLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.create(new float[] {0f, 1.5f, -2f});
            NDArray fake = m.create(new float[] {-1f, 2f, 0.25f});
            double expected = (softplus(-0.0) + softplus(-1.5) + softplus(2.0)) / 3
                    + (softplus(-1.0) + softplus(2.0) + softplus(0.25)) / 3;
            assertEquals(expected, AliLosses.discriminator(real, fake).getFloat(), 1e-6);
        }
    }

    @Test
    void encoderGeneratorLossSwapsTheLabels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.create(new float[] {0f, 1.5f, -2f});
            NDArray fake = m.create(new float[] {-1f, 2f, 0.25f});
            double expected = (softplus(0.0) + softplus(1.5) + softplus(-2.0)) / 3
                    + (softplus(1.0) + softplus(-2.0) + softplus(-0.25)) / 3;
            assertEquals(expected, AliLosses.encoderGenerator(real, fake).getFloat(), 1e-6);
        }
    }

    @Test
    void lossesStayFiniteForLargeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray real = m.create(new float[] {200f});
            NDArray fake = m.create(new float[] {-200f});
            assertEquals(0.0, AliLosses.discriminator(real, fake).getFloat(), 1e-6);
            assertEquals(400.0, AliLosses.encoderGenerator(real, fake).getFloat(), 1e-3);
        }
    }
}
