package dev.ali4j.runtime;

/**
 * What the discriminator says about a batch of (image, code) tuples: {@code n x K} logits (class
 * 0 is the data pair (x, E(x)); the last logit is pinned to 0) and {@code n x F} joint features
 * from its last hidden layer. Row-major arrays, shared, not copied: do not modify them.
 */
public final class DiscriminatorOutput {
    private final float[] logits;
    private final float[] features;
    private final int n;
    private final int classes;
    private final int featureSize;

    DiscriminatorOutput(float[] logits, float[] features, int n, int classes, int featureSize) {
        this.logits = logits;
        this.features = features;
        this.n = n;
        this.classes = classes;
        this.featureSize = featureSize;
    }

    /** @return the number of tuples */
    public int n() {
        return n;
    }

    /** @return K, the number of tuple classes */
    public int classes() {
        return classes;
    }

    /** @return F, the width of the joint features */
    public int featureSize() {
        return featureSize;
    }

    /** @return the logits, {@code n * K} floats */
    public float[] logits() {
        return logits;
    }

    /** @return the joint features, {@code n * F} floats */
    public float[] features() {
        return features;
    }

    /**
     * @param i a tuple's index
     * @return log-odds that tuple i is a data pair rather than any other class: logit 0 minus
     *     the log-sum-exp of the others (for K = 2, ALI's single logit)
     */
    public double dataPairLogOdds(int i) {
        int row = i * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < classes; k++) {
            max = Math.max(max, logits[row + k]);
        }
        double sum = 0;
        for (int k = 1; k < classes; k++) {
            sum += Math.exp(logits[row + k] - max);
        }
        return logits[row] - (max + Math.log(sum));
    }
}
