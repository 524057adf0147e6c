package dev.ali4j.trainer.arch;

import java.util.List;

/**
 * What a discriminator must take and tell apart, beyond the architecture: the kind of each slot
 * of its input tuples, the number K of tuple types, and the stabilisers built into it.
 *
 * @param slots kind of each slot, e.g. (image, latent) for ALI, (image, latent, image, latent) for GALI-8
 * @param classes K >= 2
 * @param featureSize length of feature vectors in feature slots (0 if there are none)
 * @param dropout rate of every dropout layer of D (0 removes them)
 * @param spectralNorm whether every convolution and linear layer of D is spectrally normalised
 * @param width the architecture's hidden widths of D times this factor (1 keeps them)
 */
public record DiscriminatorLayout(List<SlotKind> slots, int classes, int featureSize, float dropout,
        boolean spectralNorm, int width) {

    /** The architecture's own widths. */
    public DiscriminatorLayout(List<SlotKind> slots, int classes, int featureSize, float dropout,
            boolean spectralNorm) {
        this(slots, classes, featureSize, dropout, spectralNorm, 1);
    }

    public DiscriminatorLayout {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a discriminator needs at least one slot");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a discriminator tells apart at least 2 classes, got " + classes);
        }
        if (slots.contains(SlotKind.FEATURE) && featureSize < 1) {
            throw new IllegalArgumentException("feature slots need the feature size of the pre-trained model");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (width < 1) {
            throw new IllegalArgumentException("D's width factor must be at least 1, got " + width);
        }
    }

    /** ALI's D(x, z): two classes, the architecture's dropout, no spectral normalisation. */
    public static DiscriminatorLayout ali() {
        return new DiscriminatorLayout(List.of(SlotKind.IMAGE, SlotKind.LATENT), 2, 0, Presets.DROPOUT, false);
    }
}
