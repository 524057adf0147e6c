package dev.ali4j.trainer.objective;

import java.util.Locale;

/**
 * When D and G/E take their optimizer steps within one training step.
 *
 * <p>{@link #ALTERNATING}: D steps first, then G/E computes its loss against the updated D (the
 * default; it did better in the one-epoch trials of issue "Faithful inference").
 * {@link #SIMULTANEOUS}: both losses are computed against the same D, each loss's gradient
 * restricted to its own parameters, and both step afterwards, as ALI's official code does.
 */
public enum UpdateOrder {
    ALTERNATING,
    SIMULTANEOUS;

    /** The default's label, a constant so that the command line can declare it. */
    public static final String DEFAULT_LABEL = "alternating";

    /** The default order. */
    public static UpdateOrder defaultOrder() {
        return parse(DEFAULT_LABEL);
    }

    /** The name on the command line and in configurations: {@code alternating}, {@code simultaneous}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The order named {@code label}, case-insensitively. */
    public static UpdateOrder parse(String label) {
        for (UpdateOrder order : values()) {
            if (order.label().equalsIgnoreCase(label.trim())) {
                return order;
            }
        }
        throw new IllegalArgumentException("unknown update order '" + label + "' (known: alternating, simultaneous)");
    }
}
