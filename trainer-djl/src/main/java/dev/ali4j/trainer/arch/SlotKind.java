package dev.ali4j.trainer.arch;

import java.util.Locale;

/** What one slot of a discriminator's input tuple holds; each kind has its own branch in D. */
public enum SlotKind {
    /** Images (N, C, H, W) in [-1, 1]. */
    IMAGE,
    /** Latent codes (N, d). */
    LATENT,
    /** Feature vectors (N, F) of a frozen pre-trained model. */
    FEATURE;

    /** Lower-case name as written in objective files and error messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
