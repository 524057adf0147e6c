package dev.ali4j.trainer.anomaly;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.NormalProfile;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Measures a {@link Calibration}: the profile of the images the model was trained on (where
 * there are enough of them, see {@link NormalProfiles#minimumImages}), then one score's
 * percentiles 0 to 100 on held-out normal images.
 */
public final class Calibrator {

    private Calibrator() {}

    /**
     * Calibrates the bundle in {@code dir} and writes the calibration into its manifest.
     *
     * @param dir a bundle directory
     * @param kind the score to calibrate
     * @param splits the data the model was trained on: its training split is profiled, its test split
     *     gives the percentiles
     * @return the calibration written
     * @throws IOException if the bundle cannot be read or written
     */
    public static Calibration calibrateBundle(Path dir, AnomalyScoreKind kind, DataSplits splits) throws IOException {
        Calibration calibration;
        try (OnnxLatentModel model = OnnxLatentModel.load(dir)) {
            calibration = calibrate(model, kind, splits, 0);
        }
        Bundles.writeCalibration(dir, calibration);
        return calibration;
    }

    /**
     * Measures a bundle's calibration without writing it.
     *
     * @param model the loaded bundle, with its discriminator if it has one
     * @param kind the score to calibrate
     * @param splits the data the model was trained on: its training split is profiled, its test split
     *     gives the percentiles
     * @param heldOutLimit use at most this many test images for the percentiles (0 = all)
     * @return the calibration
     * @throws IllegalArgumentException if the score needs a discriminator the bundle lacks
     */
    public static Calibration calibrate(OnnxLatentModel model, AnomalyScoreKind kind, DataSplits splits,
            int heldOutLimit) {
        ImageSet heldOut = heldOutLimit > 0 && heldOutLimit < splits.test().size()
                ? splits.test().slice(0, heldOutLimit) : splits.test();
        return calibrate(model, model.hasDiscriminator() ? model::discriminate : null, kind, model.manifest().image(),
                splits.train(), heldOut, splits.description() + ", test split");
    }

    /**
     * @param model the bundle's model
     * @param discriminator its D, or null if it has none
     * @param kind the score to calibrate
     * @param spec the bundle's image format
     * @param training images the model was trained on, for the profile
     * @param heldOut held-out images of the training distribution, for the percentiles
     * @param data where the held-out images came from, recorded in the calibration
     * @throws IllegalArgumentException if the score needs a discriminator the bundle lacks
     * @throws IllegalStateException if a score is not finite on some normal image
     */
    public static Calibration calibrate(LatentModel model, AnomalyScorer.Discriminator discriminator,
            AnomalyScoreKind kind, ImageSpec spec, ImageSet training, ImageSet heldOut, String data) {
        if (kind.needsDiscriminator() && discriminator == null) { // refused before the profile's work
            throw new IllegalArgumentException(kind.noDiscriminatorMessage());
        }
        // A score without a profile is still calibrated on a set too small to profile (then the
        // bundle has no density or combined score); the scores that need one refuse it in fit.
        boolean profiled = kind.needsProfile()
                || NormalProfiles.canFit(training.size(), model.manifest().latent().size());
        NormalProfile profile = profiled ? NormalProfiles.fit(model, spec, training) : null;
        AnomalyScorer scorer = new AnomalyScorer(model, discriminator, profile, kind);
        double[] scores = ImageSetScores.score(scorer, spec, heldOut, EnumSet.of(kind)).get(kind);
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("the " + kind.label() + " score is not finite on some normal image: "
                        + "the model is broken; retrain or re-export it");
            }
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(scores);
        float[] quantiles = new float[Calibration.QUANTILES];
        quantiles[0] = (float) Arrays.stream(scores).min().orElseThrow();
        for (int p = 1; p < Calibration.QUANTILES; p++) {
            quantiles[p] = Math.max(quantiles[p - 1], (float) percentile.evaluate(p));
        }
        return new Calibration(kind, heldOut.size(), data, quantiles, profile);
    }
}
