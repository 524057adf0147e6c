package dev.ali4j.trainer.anomaly;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.NormalProfile;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.trainer.data.ImageSet;
import java.util.EnumSet;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.stat.correlation.Covariance;
import org.hipparchus.stat.descriptive.moment.Mean;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;

/** Fits the {@link NormalProfile} of the images a model was trained on. */
public final class NormalProfiles {
    /**
     * At most this many images are profiled, spread evenly over the set: a 64-value Gaussian is
     * well measured long before, and calibrating stays a matter of seconds on large sets.
     */
    public static final int MAX_IMAGES = 20_000;
    /**
     * Added to the covariance's diagonal before it is inverted, relative to the prior's unit
     * variance: a direction in which the training codes do not vary stays invertible.
     */
    static final double RIDGE = 1e-3;
    /**
     * At least this many images per code dimension: with n <= d + 1 every image lies at the same
     * Mahalanobis distance (n - 1) from the others' Gaussian, and the density score would carry
     * no information.
     */
    public static final int MIN_IMAGES_PER_DIMENSION = 2;

    private NormalProfiles() {}

    /**
     * @param model the bundle's model
     * @param spec its image format
     * @param training the images it was trained on, at least {@link #minimumImages} of them
     * @return their codes' Gaussian and the spreads of their log reconstruction and density scores
     * @throws IllegalArgumentException if there are too few images
     * @throws IllegalStateException if a score or code is not finite
     */
    public static NormalProfile fit(LatentModel model, ImageSpec spec, ImageSet training) {
        int n = Math.min(training.size(), MAX_IMAGES);
        int d = model.manifest().latent().size();
        if (!canFit(training.size(), d)) {
            throw new IllegalArgumentException("a profile of normal images needs at least " + minimumImages(d)
                    + " training images to measure the Gaussian of " + d + "-value codes, got " + training.size());
        }
        double[][] codes = new double[n][];
        double[] reconstruction = new double[n];
        AnomalyScorer scorer = new AnomalyScorer(model, null, null, AnomalyScoreKind.RECONSTRUCTION);
        for (int from = 0; from < n; from += ImageSetScores.BATCH) {
            int b = Math.min(ImageSetScores.BATCH, n - from);
            int[] indices = new int[b];
            for (int i = 0; i < b; i++) {
                indices[i] = (int) ((long) (from + i) * training.size() / n); // spread evenly
            }
            ImageTensor x = new ImageTensor(training.batchScaled(indices, spec.pixelMin(), spec.pixelMax()), b,
                    spec.channels(), spec.height(), spec.width());
            float[] mu = model.encode(x).mu();
            AnomalyScores scores = scorer.score(x, mu, model.decode(mu, b), EnumSet.of(AnomalyScoreKind.RECONSTRUCTION));
            for (int i = 0; i < b; i++) {
                codes[from + i] = new double[d];
                for (int k = 0; k < d; k++) {
                    if (!Float.isFinite(mu[i * d + k])) {
                        throw new IllegalStateException("the code of training image " + indices[i] + " is not finite: "
                                + "the model is broken; retrain or re-export it");
                    }
                    codes[from + i][k] = mu[i * d + k];
                }
                reconstruction[from + i] = scores.value(AnomalyScoreKind.RECONSTRUCTION, i);
            }
        }
        RealMatrix covariance = new Covariance(codes, false).getCovarianceMatrix();
        for (int k = 0; k < d; k++) {
            covariance.addToEntry(k, k, RIDGE);
        }
        RealMatrix precision = new CholeskyDecomposition(covariance).getSolver().getInverse();
        float[] mean = new float[d];
        for (int k = 0; k < d; k++) {
            double sum = 0;
            for (double[] code : codes) {
                sum += code[k];
            }
            mean[k] = (float) (sum / n);
        }
        float[] precisionValues = new float[d * d];
        for (int k = 0; k < d; k++) {
            for (int l = 0; l < d; l++) { // the mean of both halves: exactly symmetric, as NormalProfile requires
                precisionValues[k * d + l] = (float) ((precision.getEntry(k, l) + precision.getEntry(l, k)) / 2);
            }
        }
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                flat[i * d + k] = (float) codes[i][k];
            }
        }
        float[] unit = {0, 1};
        NormalProfile gaussian = new NormalProfile(n, mean, precisionValues, unit, unit);
        double[] density = new double[n];
        for (int i = 0; i < n; i++) {
            density[i] = gaussian.density(flat, i);
        }
        return new NormalProfile(n, mean, precisionValues, logSpread(reconstruction, "reconstruction"),
                logSpread(density, "density"));
    }

    /**
     * @param latentSize d, the code size
     * @return the fewest training images a profile is fitted on
     */
    public static int minimumImages(int latentSize) {
        return Math.max(2, MIN_IMAGES_PER_DIMENSION * latentSize);
    }

    /**
     * @param trainingImages how many training images there are
     * @param latentSize d, the code size
     * @return whether {@link #fit} can profile them (it uses at most {@link #MAX_IMAGES})
     */
    public static boolean canFit(int trainingImages, int latentSize) {
        return Math.min(trainingImages, MAX_IMAGES) >= minimumImages(latentSize);
    }

    /** {mean, standard deviation} of the scores' logarithms, as {@link NormalProfile#standardised} takes them. */
    private static float[] logSpread(double[] scores, String name) {
        double[] logs = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            logs[i] = NormalProfile.standardised(scores[i], new float[] {0, 1});
            if (!Double.isFinite(logs[i])) {
                throw new IllegalStateException("the " + name + " score is not finite on some training image: the "
                        + "model is broken; retrain or re-export it");
            }
        }
        double sd = new StandardDeviation(false).evaluate(logs);
        return new float[] {(float) new Mean().evaluate(logs), (float) Math.max(sd, 1e-6)};
    }
}
