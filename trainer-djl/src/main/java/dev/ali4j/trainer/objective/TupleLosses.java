package dev.ali4j.trainer.objective;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * GALI's K-way losses (SPEC.md, "GALI"). {@code logits.get(k)} are D's logits, shape (N, K), for
 * a batch of tuples of type k; cross-entropies are averaged over the batch.
 *
 * <p>With K = 2 and one free logit l (the second pinned to 0) they are exactly ALI's losses:
 * CE((l, 0), 0) = softplus(-l) and CE((l, 0), 1) = softplus(l).
 */
public final class TupleLosses {

    private TupleLosses() {}

    /** D's loss: (2/K) sum_k CE(D(t_k), k). */
    public static NDArray discriminator(List<NDArray> logits) {
        int k = logits.size();
        NDArray sum = null;
        for (int c = 0; c < k; c++) {
            NDArray ce = crossEntropy(logits.get(c).logSoftmax(1), c);
            sum = sum == null ? ce : sum.add(ce);
        }
        return sum.mul(2.0f / k);
    }

    /**
     * G and E's non-saturating "product of terms" loss: (2/(K(K-1))) sum_k sum_{j != k}
     * CE(D(t_k), j), every tuple pushed towards every other class.
     */
    public static NDArray encoderGenerator(List<NDArray> logits) {
        int k = logits.size();
        NDArray sum = null;
        for (int c = 0; c < k; c++) {
            NDArray logProbabilities = logits.get(c).logSoftmax(1);
            // sum_{j != c} -log p_j = -(sum_j log p_j - log p_c)
            NDArray others = logProbabilities.sum(new int[] {1}).sub(column(logProbabilities, c)).neg().mean();
            sum = sum == null ? others : sum.add(others);
        }
        return sum.mul(2.0f / (k * (k - 1)));
    }

    private static NDArray crossEntropy(NDArray logProbabilities, int target) {
        return column(logProbabilities, target).neg().mean();
    }

    private static NDArray column(NDArray matrix, int j) {
        return matrix.get(":, " + j);
    }
}
