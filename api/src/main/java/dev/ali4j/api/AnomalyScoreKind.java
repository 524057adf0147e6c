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
    RECONSTRUCTION(false),
    /** Euclidean distance between mu(x) and mu(G(mu(x))). */
    LATENT(false),
    /**
     * ALAD's feature score (Zenati et al. 2018): mean absolute difference between D's joint
     * features of (x, mu(x)) and of (G(mu(x)), mu(x)). Needs the bundle's discriminator.
     */
    FEATURE(true),
    /**
     * Minus D's logit on (x, mu(x)): how little D believes the pair is a data pair (class 0)
     * rather than any other tuple type. The sign was chosen by the one-class benchmark: D's
     * logit was lower for the anomalies in most classes (docs/RESULTS.md). Needs the bundle's
     * discriminator.
     */
    DISCRIMINATOR(true);

    /**
     * The score apps get unless they ask for another, chosen by the one-class benchmark
     * ({@code trainer-djl/bench/anomaly.sh}, docs/RESULTS.md).
     */
    public static final AnomalyScoreKind DEFAULT = fromLabel(AnomalyScoreKind.DEFAULT_LABEL);

    /** {@link #DEFAULT}'s label, a constant for annotations such as help texts. */
    public static final String DEFAULT_LABEL = "reconstruction";

    private final boolean needsDiscriminator;

    AnomalyScoreKind(boolean needsDiscriminator) {
        this.needsDiscriminator = needsDiscriminator;
    }

    /** @return whether this score needs the bundle's {@code discriminator.onnx} */
    public boolean needsDiscriminator() {
        return needsDiscriminator;
    }

    /** @return the lower-case name used in JSON, manifests and command lines, e.g. {@code "feature"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label a name as {@link #label()} gives it, in any case
     * @return the kind
     * @throws IllegalArgumentException naming the known kinds if there is none of that name
     */
    public static AnomalyScoreKind fromLabel(String label) {
        List<String> known = new ArrayList<>();
        for (AnomalyScoreKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return kind;
            }
            known.add(kind.label());
        }
        throw new IllegalArgumentException("unknown anomaly score \"" + label + "\" (known: "
                + String.join(", ", known) + ")");
    }
}
