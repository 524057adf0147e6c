package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleLossesTest {

    private static final float[] REAL = {0f, 1.5f, -2f};
    private static final float[] FAKE = {-1f, 2f, 0.25f};

    private static double softplus(double v) {
        return Math.log1p(Math.exp(v));
    }

    /** D's logits (l, 0): the one free logit of a K = 2 discriminator, the second pinned to 0. */
    private static NDArray pinned(NDManager m, float[] free) {
        float[] logits = new float[2 * free.length];
        for (int i = 0; i < free.length; i++) {
            logits[2 * i] = free[i];
        }
        return m.create(logits, new Shape(free.length, 2));
    }

    @Test
    void withTwoTuplesTheDiscriminatorLossIsAlis() {
        try (NDManager m = NDManager.newBaseManager()) {
            // ALI: softplus(-D(x, E(x))) + softplus(D(G(z), z)), each averaged over the batch.
            double ali = (softplus(-0.0) + softplus(-1.5) + softplus(2.0)) / 3
                    + (softplus(-1.0) + softplus(2.0) + softplus(0.25)) / 3;
            float loss = TupleLosses.discriminator(List.of(pinned(m, REAL), pinned(m, FAKE))).getFloat();
            assertEquals(ali, loss, 1e-6);
        }
    }

    @Test
    void withTwoTuplesTheEncoderGeneratorLossIsAlisWithSwappedLabels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // ALI: softplus(D(x, E(x))) + softplus(-D(G(z), z)).
            double ali = (softplus(0.0) + softplus(1.5) + softplus(-2.0)) / 3
                    + (softplus(1.0) + softplus(-2.0) + softplus(-0.25)) / 3;
            float loss = TupleLosses.encoderGenerator(List.of(pinned(m, REAL), pinned(m, FAKE))).getFloat();
            assertEquals(ali, loss, 1e-6);
        }
    }

    @Test
    void fourWayLossesMatchAHandComputation() {
        // Two tuples of each of K = 4 types; logits chosen by hand.
        float[][][] logits = {
            {{1f, 0f, -1f, 0.5f}, {0.2f, 0.1f, 0f, -0.3f}},
            {{0f, 2f, 0f, 0f}, {-1f, 1f, 0.5f, 0.5f}},
            {{0.3f, -0.2f, 1.1f, 0f}, {0f, 0f, 0f, 0f}},
            {{-2f, 0.5f, 0.5f, 3f}, {1f, 1f, -1f, 0f}},
        };
        int k = 4;
        double d = 0;
        double ge = 0;
        for (int type = 0; type < k; type++) {
            for (float[] row : logits[type]) {
                double logSum = Math.log(Math.exp(row[0]) + Math.exp(row[1]) + Math.exp(row[2]) + Math.exp(row[3]));
                d += (logSum - row[type]) / 2; // CE(D(t_type), type), batch mean over 2
                for (int j = 0; j < k; j++) {
                    if (j != type) {
                        ge += (logSum - row[j]) / 2;
                    }
                }
            }
        }
        d *= 2.0 / k;
        ge *= 2.0 / (k * (k - 1));
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> arrays = new java.util.ArrayList<>();
            for (float[][] type : logits) {
                arrays.add(m.create(type));
            }
            assertEquals(d, TupleLosses.discriminator(arrays).getFloat(), 1e-5);
            assertEquals(ge, TupleLosses.encoderGenerator(arrays).getFloat(), 1e-5);
        }
    }

    @Test
    void lossesStayFiniteForLargeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> logits = List.of(pinned(m, new float[] {200f}), pinned(m, new float[] {-200f}));
            assertEquals(0.0, TupleLosses.discriminator(logits).getFloat(), 1e-6);
            assertEquals(400.0, TupleLosses.encoderGenerator(logits).getFloat(), 1e-3);
        }
    }
}
