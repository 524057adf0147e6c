package dev.ali4j.trainer.objective;

import dev.ali4j.trainer.arch.SlotKind;
import java.util.List;

/** The operations an objective's variables are built with, and the kinds they take and give. */
public enum Operation {
    /** {@code x}: the batch of data. */
    DATA("x", List.of(), SlotKind.IMAGE),
    /** {@code z}: a batch drawn from the prior N(0, I). */
    PRIOR("z", List.of(), SlotKind.LATENT),
    /** {@code E(image)}: the encoder. */
    ENCODE("E", List.of(SlotKind.IMAGE), SlotKind.LATENT),
    /**
     * {@code mu(image)}: the encoder's mean, E(x) without the reparameterised noise. It shares E's
     * forward pass with {@code E} of the same image, so {@code E(x) - mu(x)} is exactly sigma * eps.
     */
    ENCODE_MEAN("mu", List.of(SlotKind.IMAGE), SlotKind.LATENT),
    /** {@code G(latent)}: the generator. */
    GENERATE("G", List.of(SlotKind.LATENT), SlotKind.IMAGE),
    /**
     * {@code Gfixed(latent)}: the generator with its weights held fixed. Gradients reach the code
     * (and through it E) but not G, so a reconstruction through it trains E to invert G and leaves
     * G to the adversarial game.
     */
    GENERATE_FIXED("Gfixed", List.of(SlotKind.LATENT), SlotKind.IMAGE),
    /** {@code M(image)}: features of the frozen pre-trained model. */
    FEATURES("M", List.of(SlotKind.IMAGE), SlotKind.FEATURE),
    /** {@code mask(image)}: the step's random rectangle of each image filled with {@link #MASK_FILL}. */
    MASK("mask", List.of(SlotKind.IMAGE), SlotKind.IMAGE),
    /** {@code mix(outside, inside)}: the first image outside the step's rectangle, the second inside. */
    MIX("mix", List.of(SlotKind.IMAGE, SlotKind.IMAGE), SlotKind.IMAGE, "outside, inside");

    /** What {@code mask} writes into the rectangle: outside the data range [-1, 1], as in GALI's code. */
    public static final float MASK_FILL = -2f;

    private final String symbol;
    private final List<SlotKind> inputs;
    private final SlotKind output;
    /** The arguments as error messages name them. */
    private final String arguments;

    Operation(String symbol, List<SlotKind> inputs, SlotKind output) {
        this(symbol, inputs, output, String.join(", ", inputs.stream().map(SlotKind::label).toList()));
    }

    Operation(String symbol, List<SlotKind> inputs, SlotKind output, String arguments) {
        this.symbol = symbol;
        this.inputs = inputs;
        this.output = output;
        this.arguments = arguments;
    }

    /** How the operation is written in objective files. */
    public String symbol() {
        return symbol;
    }

    public List<SlotKind> inputs() {
        return inputs;
    }

    public SlotKind output() {
        return output;
    }

    /** Every operation an objective file may use, as written there: {@code E(image), G(latent), ...}. */
    static String signatures() {
        StringBuilder out = new StringBuilder();
        for (Operation op : values()) {
            if (op.inputs.isEmpty()) {
                continue;
            }
            out.append(out.length() == 0 ? "" : ", ").append(op.symbol).append('(').append(op.arguments).append(')');
        }
        return out.toString();
    }

    /** The operation written {@code symbol}, or null. */
    static Operation bySymbol(String symbol) {
        for (Operation op : values()) {
            if (!op.inputs.isEmpty() && op.symbol.equals(symbol)) {
                return op;
            }
        }
        return null;
    }
}
