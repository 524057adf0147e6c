package dev.ali4j.runtime;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.NormalProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Anomaly scores of images under a loaded model (see {@link AnomalyScoreKind} for each score):
 * how unlike the training data each image is, and, for a calibrated bundle, where that falls
 * among normal images' scores. Android-safe: plain Java on top of {@link OnnxLatentModel}.
 *
 * <pre>{@code
 * try (OnnxLatentModel model = OnnxLatentModel.load(Path.of("bundles/shoes"))) {
 *     AnomalyScores scores = new AnomalyScorer(model).score(images);
 *     double score = scores.value(0);          // the primary score of image 0
 *     double percentile = scores.percentile(0); // among normal images (needs ali calibrate)
 *     boolean odd = scores.isAnomalous(0);
 * }
 * }</pre>
 */
public final class AnomalyScorer {
    /** D(x, z) as {@link OnnxLatentModel#discriminate} gives it. */
    public interface Discriminator {
        /**
         * @param images n images
         * @param z their n codes
         * @return D's logits and joint features
         */
        DiscriminatorOutput discriminate(ImageTensor images, float[] z);
    }

    private static final DoubleUnaryOperator SQUARED = diff -> diff * diff;

    private final LatentModel model;
    private final Discriminator discriminator;
    private final NormalProfile profile;
    private final AnomalyScoreKind primary;
    /** The bundle's calibration, or null where its percentiles would not hold for these scores. */
    private final Calibration calibration;

    /**
     * A scorer whose primary score is the bundle's calibrated one, or {@link AnomalyScoreKind#UNCALIBRATED}.
     *
     * @param model an open model; the scorer does not close it
     * @throws IllegalArgumentException if that score needs a discriminator or a profile the bundle lacks
     */
    public AnomalyScorer(OnnxLatentModel model) {
        this(model, primaryOf(model.manifest()));
    }

    /**
     * @param model an open model; the scorer does not close it
     * @param primary the score that {@link AnomalyScores#value(int)} and percentiles refer to
     * @throws IllegalArgumentException if it needs a discriminator or a profile the bundle lacks
     */
    public AnomalyScorer(OnnxLatentModel model, AnomalyScoreKind primary) {
        this(model, model.hasDiscriminator() ? model::discriminate : null, primary);
    }

    /**
     * A scorer over any {@link LatentModel}, e.g. a server's micro-batching one, with the profile
     * of the model's calibration if it has one.
     *
     * @param model encodes and decodes; the scorer does not close it
     * @param discriminator the bundle's D, or null if it has none
     * @param primary the score that {@link AnomalyScores#value(int)} and percentiles refer to
     * @throws IllegalArgumentException if it needs a discriminator or a profile and there is none
     */
    public AnomalyScorer(LatentModel model, Discriminator discriminator, AnomalyScoreKind primary) {
        this(model, discriminator, profileOf(model.manifest()), primary);
    }

    /**
     * A scorer with a given profile of normal images, e.g. one just measured and not yet written
     * into the bundle.
     *
     * @param model encodes and decodes; the scorer does not close it
     * @param discriminator the bundle's D, or null if it has none
     * @param profile the normal images' profile, or null
     * @param primary the score that {@link AnomalyScores#value(int)} and percentiles refer to
     * @throws IllegalArgumentException if it needs a discriminator or a profile and there is none,
     *     or the profile is of another code size than the model's
     */
    public AnomalyScorer(LatentModel model, Discriminator discriminator, NormalProfile profile,
            AnomalyScoreKind primary) {
        int d = model.manifest().latent().size();
        if (profile != null && profile.latentSize() != d) {
            throw new IllegalArgumentException("the profile describes codes of " + profile.latentSize()
                    + " values, and the model's are of " + d);
        }
        this.model = model;
        this.discriminator = discriminator;
        this.profile = profile;
        this.primary = primary;
        // Percentiles of a score that depends on the profile were measured with the bundle's own
        // profile; under another profile they would be silently wrong, so none are given.
        Calibration bundled = model.manifest().calibration();
        this.calibration = bundled != null && bundled.score().needsProfile()
                && !Objects.equals(profile, bundled.profile()) ? null : bundled;
        checkAvailable(primary);
    }

    /**
     * @return the scores this bundle can give: those needing a discriminator if it has one, those
     *     needing a profile if it was calibrated with one, and the others always
     */
    public List<AnomalyScoreKind> available() {
        List<AnomalyScoreKind> kinds = new ArrayList<>();
        for (AnomalyScoreKind kind : AnomalyScoreKind.values()) {
            if ((discriminator != null || !kind.needsDiscriminator()) && (profile != null || !kind.needsProfile())) {
                kinds.add(kind);
            }
        }
        return Collections.unmodifiableList(kinds);
    }

    /** @return the score percentiles refer to */
    public AnomalyScoreKind primary() {
        return primary;
    }

    /**
     * Every score the bundle can give, for a batch of images.
     *
     * @param images as for {@link OnnxLatentModel#encode}
     * @return their scores
     */
    public AnomalyScores score(ImageTensor images) {
        return score(images, EnumSet.copyOf(available()));
    }

    /**
     * Some scores (the primary one always included), for a batch of images; only the networks
     * those scores need are run.
     *
     * @param images as for {@link OnnxLatentModel#encode}
     * @param kinds the scores wanted
     * @return their scores
     * @throws IllegalArgumentException if a score needs a discriminator the bundle lacks
     */
    public AnomalyScores score(ImageTensor images, Set<AnomalyScoreKind> kinds) {
        EnumSet<AnomalyScoreKind> wanted = wanted(kinds); // refused before any network runs
        float[] mu = model.encode(images).mu();
        return compute(images, mu, model.decode(mu, images.n()), wanted);
    }

    /**
     * As {@link #score(ImageTensor, Set)} for a batch already encoded and reconstructed, e.g. by
     * a caller that needs the codes too: the reconstruction score then costs no network call.
     *
     * @param images the batch
     * @param mu its codes mu(x), {@code n * d} floats
     * @param rebuilt G(mu), same shape as {@code images}
     * @param kinds the scores wanted
     * @return their scores
     * @throws IllegalArgumentException if a score needs a discriminator the bundle lacks
     */
    public AnomalyScores score(ImageTensor images, float[] mu, ImageTensor rebuilt, Set<AnomalyScoreKind> kinds) {
        return compute(images, mu, rebuilt, wanted(kinds));
    }

    private AnomalyScores compute(ImageTensor images, float[] mu, ImageTensor rebuilt, EnumSet<AnomalyScoreKind> wanted) {
        int n = images.n();
        int d = model.manifest().latent().size();
        Map<AnomalyScoreKind, double[]> values = new EnumMap<>(AnomalyScoreKind.class);
        if (wanted.contains(AnomalyScoreKind.RECONSTRUCTION)) {
            values.put(AnomalyScoreKind.RECONSTRUCTION, rowMeans(images.data(), rebuilt.data(), n, SQUARED));
        }
        if (wanted.contains(AnomalyScoreKind.DENSITY)) {
            double[] density = new double[n];
            for (int i = 0; i < n; i++) {
                density[i] = profile.density(mu, i);
            }
            values.put(AnomalyScoreKind.DENSITY, density);
        }
        if (wanted.contains(AnomalyScoreKind.COMBINED)) {
            double[] reconstruction = values.get(AnomalyScoreKind.RECONSTRUCTION);
            double[] density = values.get(AnomalyScoreKind.DENSITY);
            double[] combined = new double[n];
            for (int i = 0; i < n; i++) {
                combined[i] = profile.combined(reconstruction[i], density[i]);
            }
            values.put(AnomalyScoreKind.COMBINED, combined);
        }
        if (wanted.contains(AnomalyScoreKind.LATENT)) {
            double[] distance = rowMeans(mu, model.encode(rebuilt).mu(), n, SQUARED);
            for (int i = 0; i < n; i++) {
                distance[i] = Math.sqrt(distance[i] * d);
            }
            values.put(AnomalyScoreKind.LATENT, distance);
        }
        if (wanted.contains(AnomalyScoreKind.FEATURE) || wanted.contains(AnomalyScoreKind.DISCRIMINATOR)) {
            DiscriminatorOutput real = discriminator.discriminate(images, mu);
            if (wanted.contains(AnomalyScoreKind.DISCRIMINATOR)) {
                double[] odds = new double[n];
                for (int i = 0; i < n; i++) {
                    odds[i] = -real.dataPairLogOdds(i);
                }
                values.put(AnomalyScoreKind.DISCRIMINATOR, odds);
            }
            if (wanted.contains(AnomalyScoreKind.FEATURE)) {
                DiscriminatorOutput cycled = discriminator.discriminate(rebuilt, mu);
                values.put(AnomalyScoreKind.FEATURE, rowMeans(real.features(), cycled.features(), n, Math::abs));
            }
        }
        return new AnomalyScores(n, values, primary, calibration);
    }

    /** The primary score and {@code kinds}, each checked to be available, and the scores the combined one adds up. */
    private EnumSet<AnomalyScoreKind> wanted(Set<AnomalyScoreKind> kinds) {
        EnumSet<AnomalyScoreKind> wanted = EnumSet.of(primary);
        wanted.addAll(kinds);
        if (wanted.contains(AnomalyScoreKind.COMBINED)) {
            wanted.add(AnomalyScoreKind.RECONSTRUCTION);
            wanted.add(AnomalyScoreKind.DENSITY);
        }
        for (AnomalyScoreKind kind : wanted) {
            checkAvailable(kind);
        }
        return wanted;
    }

    private void checkAvailable(AnomalyScoreKind kind) {
        if (!available().contains(kind)) {
            String missing = kind.needsDiscriminator() ? kind.noDiscriminatorMessage()
                    : "the " + kind.label() + " score needs a profile of normal images, which ali calibrate writes"
                            + " into the bundle, and this bundle has none";
            throw new IllegalArgumentException(missing + " (scores it has: " + labels(available()) + ")");
        }
    }

    /**
     * @param manifest a bundle's manifest
     * @return the score its calibration is for, else {@link AnomalyScoreKind#UNCALIBRATED}
     */
    public static AnomalyScoreKind primaryOf(BundleManifest manifest) {
        return manifest.calibration() != null ? manifest.calibration().score() : AnomalyScoreKind.UNCALIBRATED;
    }

    /** @return the profile of the bundle's calibration, or null */
    private static NormalProfile profileOf(BundleManifest manifest) {
        return manifest.calibration() == null ? null : manifest.calibration().profile();
    }

    /** Per row of {@code n} equal rows: the mean of {@code distance(a - b)}. */
    private static double[] rowMeans(float[] a, float[] b, int n, DoubleUnaryOperator distance) {
        int width = a.length / n;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = i * width; j < (i + 1) * width; j++) {
                sum += distance.applyAsDouble(a[j] - b[j]);
            }
            out[i] = sum / width;
        }
        return out;
    }

    static String labels(List<AnomalyScoreKind> kinds) {
        List<String> out = new ArrayList<>();
        for (AnomalyScoreKind kind : kinds) {
            out.add(kind.label());
        }
        return String.join(", ", out);
    }

    /** The calibration a percentile of {@code kind} would use, if the bundle's fits it. */
    static Calibration calibrationFor(Calibration calibration, AnomalyScoreKind kind) {
        return calibration != null && calibration.score() == kind ? calibration : null;
    }
}
