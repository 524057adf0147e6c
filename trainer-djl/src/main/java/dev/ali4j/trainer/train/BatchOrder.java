package dev.ali4j.trainer.train;

import java.util.Random;

/**
 * The order in which a run visits its training images: a fresh shuffle every epoch from one
 * seeded generator, so that a resumed run replays the orders of the epochs it skips.
 */
final class BatchOrder {

    private final int[] indices;
    private final Random random;

    BatchOrder(int size, long seed) {
        indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        random = new Random(seed);
    }

    /** The next epoch's order (the same array, shuffled again: read it before the next call). */
    int[] nextEpoch() {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
        return indices;
    }

    void skipEpochs(int epochs) {
        for (int e = 0; e < epochs; e++) {
            nextEpoch();
        }
    }
}
