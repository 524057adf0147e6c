package dev.ali4j.trainer.eval;

import java.util.Arrays;

/**
 * Which classes the samples G(z) look like, against the test images, as the frozen classifier
 * predicts them. A sampler that draws mostly one kind of garment can score a poor FID with every
 * sample sharp; this says whether that is why.
 *
 * @param samples the share of samples predicted as each class (sums to 1)
 * @param real the share of test images predicted as each class (sums to 1)
 */
public record ClassMix(double[] samples, double[] real) {

    public ClassMix {
        if (samples.length != real.length) {
            throw new IllegalArgumentException(samples.length + " sample shares against " + real.length + " real ones");
        }
        samples = samples.clone();
        real = real.clone();
    }

    /** The mix of two sets of predicted classes, each in [0, classes). */
    public static ClassMix of(int[] samplePredictions, int[] realPredictions, int classes) {
        return new ClassMix(shares(samplePredictions, classes), shares(realPredictions, classes));
    }

    /** Half the L1 distance between the two mixes: 0 for the same mix, 1 for disjoint classes. */
    public double totalVariation() {
        double sum = 0;
        for (int c = 0; c < samples.length; c++) {
            sum += Math.abs(samples[c] - real[c]);
        }
        return sum / 2;
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    @Override
    public double[] real() {
        return real.clone();
    }

    // A record compares arrays by identity and prints them as [D@...: compare and print the shares.
    @Override
    public boolean equals(Object other) {
        return other instanceof ClassMix m && Arrays.equals(samples, m.samples) && Arrays.equals(real, m.real);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + Arrays.hashCode(real);
    }

    @Override
    public String toString() {
        return "ClassMix[samples=" + Arrays.toString(samples) + ", real=" + Arrays.toString(real) + "]";
    }

    private static double[] shares(int[] predictions, int classes) {
        if (predictions.length == 0) {
            throw new IllegalArgumentException("no predictions to share out");
        }
        int[] counts = new int[classes];
        for (int p : predictions) {
            if (p < 0 || p >= classes) {
                throw new IllegalArgumentException("class " + p + " is not in [0, " + classes + ")");
            }
            counts[p]++;
        }
        double[] shares = new double[classes];
        for (int c = 0; c < classes; c++) {
            shares[c] = (double) counts[c] / predictions.length;
        }
        return shares;
    }
}
