package dev.ali4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The anomaly scores ali4j computes for an image x with code mu(x) and reconstruction
 * G(mu(x)). Every score is higher for images less like the training data.
 */
public enum AnomalyScoreKind {
    /** Mean squared pixel error of G(mu(x)) against x, pixels in the bundle's range. */
    RECONSTRUCTION(false, false),
    /** Euclidean distance between mu(x) and mu(G(mu(x))). */
    LATENT(false, false),
    /**
     * ALAD's feature score (Zenati et al. 2018): mean absolute difference between D's joint
     * features of (x, mu(x)) and of (G(mu(x)), mu(x)). Needs the bundle's discriminator.
     */
    FEATURE(true, false),
    /**
     * Minus D's logit on (x, mu(x)): how little D believes the pair is a data pair (class 0)
     * rather than any other tuple type. The sign was chosen by the one-class benchmark: D's
     * logit was lower for the anomalies in most classes (docs/RESULTS.md). Needs the bundle's
     * discriminator.
     */
    DISCRIMINATOR(true, false),
    /**
     * How far mu(x) lies from where normal images' codes fall: the squared Mahalanobis distance
     * from the Gaussian of the training images' codes ({@link NormalProfile#density}). Needs a
     * bundle calibrated with a profile.
     */
    DENSITY(false, true),
    /**
     * Reconstruction and density together: the sum of their logarithms, each standardised by
     * its mean and spread on normal images ({@link NormalProfile#combined}). An image is odd if
     * it is rebuilt badly, or if its code falls where normal codes seldom do. Needs a bundle
     * calibrated with a profile.
     */
    COMBINED(false, true);

    /**
     * The score {@code ali calibrate} calibrates unless asked for another, and so the score apps
     * get from a calibrated bundle: the best on average in the one-class benchmark
     * ({@code trainer-djl/bench/anomaly.sh}, docs/RESULTS.md).
     */
    public static final AnomalyScoreKind DEFAULT = fromLabel(AnomalyScoreKind.DEFAULT_LABEL);

    /** {@link #DEFAULT}'s label, a constant for annotations such as help texts. */
    public static final String DEFAULT_LABEL = "combined";

    /**
     * The score apps get from a bundle never calibrated, which has no profile of normal images:
     * the best of the scores that need none in the one-class benchmark.
     */
    public static final AnomalyScoreKind UNCALIBRATED = fromLabel(AnomalyScoreKind.UNCALIBRATED_LABEL);

    /** {@link #UNCALIBRATED}'s label, a constant for annotations such as help texts. */
    public static final String UNCALIBRATED_LABEL = "reconstruction";

    private final boolean needsDiscriminator;
    private final boolean needsProfile;

    AnomalyScoreKind(boolean needsDiscriminator, boolean needsProfile) {
        this.needsDiscriminator = needsDiscriminator;
        this.needsProfile = needsProfile;
    }

    /** @return whether this score needs the bundle's {@code discriminator.onnx} */
    public boolean needsDiscriminator() {
        return needsDiscriminator;
    }

    /** @return whether this score needs the {@link NormalProfile} that {@code ali calibrate} keeps in the bundle */
    public boolean needsProfile() {
        return needsProfile;
    }

    /** @return the lower-case name used in JSON, manifests and command lines, e.g. {@code "feature"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The one wording of this refusal, for the manifest, the runtime and the calibrator alike.
     *
     * @return the error for a bundle without a discriminator asked for this score
     */
    public String noDiscriminatorMessage() {
        return "the " + label() + " score needs a discriminator and this bundle has none";
    }

    /** @return every kind's label, in declaration order: for help texts and error messages */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (AnomalyScoreKind kind : values()) {
            labels.add(kind.label());
        }
        return labels;
    }

    /**
     * @param label a name as {@link #label()} gives it, in any case
     * @return the kind
     * @throws IllegalArgumentException naming the known kinds if there is none of that name
     */
    public static AnomalyScoreKind fromLabel(String label) {
        for (AnomalyScoreKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown anomaly score \"" + label + "\" (known: "
                + String.join(", ", labels()) + ")");
    }
}
