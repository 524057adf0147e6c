package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder E, generator G and discriminator D of one ALI model, built from an
 * {@link Architecture} and owned by one {@link NDManager}.
 */
public final class LatentNetworks {

    /**
     * Standard deviation of every weight's initialisation, N(0, 0.01) as SPEC.md gives the papers'.
     * At 0.02 the encoder's head started with log-sigma spread over 0.77 to 1.17 and codes up to
     * |z| 90 (issue "Faithful inference").
     */
    public static final float INIT_STD = 0.01f;

    private final Architecture arch;
    private final SequentialBlock encoder;
    private final SequentialBlock generator;
    private final TupleDiscriminator discriminator;
    private final ParameterStore parameters;

    /** ALI's networks: D(x, z) with two classes. */
    public LatentNetworks(Architecture arch, NDManager manager) {
        this(arch, DiscriminatorLayout.ali(), manager);
    }

    /** Builds and initialises the three networks; the caller seeds the engine first. */
    public LatentNetworks(Architecture arch, DiscriminatorLayout layout, NDManager manager) {
        this.arch = arch;
        this.encoder = DjlNetworks.sequential(arch.encoder());
        this.generator = DjlNetworks.sequential(arch.generator());
        this.discriminator = new TupleDiscriminator(arch, layout);
        Shape image = new Shape(2, arch.channels(), arch.height(), arch.width());
        Shape latent = new Shape(2, arch.latentSize());
        for (Block block : List.<Block>of(encoder, generator, discriminator)) {
            block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        }
        encoder.initialize(manager, DataType.FLOAT32, image);
        generator.initialize(manager, DataType.FLOAT32, latent);
        Shape[] slots = new Shape[layout.slots().size()];
        for (int i = 0; i < slots.length; i++) {
            switch (layout.slots().get(i)) {
                case IMAGE:
                    slots[i] = image;
                    break;
                case LATENT:
                    slots[i] = latent;
                    break;
                default:
                    slots[i] = new Shape(2, layout.featureSize());
            }
        }
        discriminator.initialize(manager, DataType.FLOAT32, slots);
        this.parameters = new ParameterStore(manager, false);
    }

    public Architecture architecture() {
        return arch;
    }

    public SequentialBlock encoder() {
        return encoder;
    }

    public SequentialBlock generator() {
        return generator;
    }

    public TupleDiscriminator discriminator() {
        return discriminator;
    }

    /** E(x): (mu, log-sigma), each (N, d); log-sigma is smoothly bounded ({@link LogSigmaBound}). */
    public NDList encode(NDArray x, boolean training) {
        NDArray out = encoder.forward(parameters, new NDList(x), training).singletonOrThrow();
        NDList muRaw = out.split(2, 1);
        return new NDList(muRaw.get(0), LogSigmaBound.apply(muRaw.get(1)));
    }

    /** G(z): images (N, C, H, W) in [-1, 1]. */
    public NDArray generate(NDArray z, boolean training) {
        return generator.forward(parameters, new NDList(z), training).singletonOrThrow();
    }

    /**
     * G(z) in training mode with G's weights frozen while the graph is built: a loss on the result
     * sends gradients to z (and whatever made z) but none to G. The engine only accumulates
     * gradients into weights that required them when the graph was recorded.
     */
    public NDArray generateWithFixedWeights(NDArray z) {
        List<Parameter> weights = generatorParameters();
        weights.forEach(p -> p.freeze(true));
        try {
            return generate(z, true);
        } finally {
            weights.forEach(p -> p.freeze(false));
        }
    }

    /** D(t): logits (N, K) for a batch of tuples given slot by slot. */
    public NDArray discriminate(NDList slots, boolean training) {
        return discriminator.forward(parameters, slots, training).singletonOrThrow();
    }

    /**
     * Sets G's output bias, if it has one, so that G starts at the mean image of {@code images}:
     * atanh of the per-pixel mean, i.e. half its log-odds in [0, 1] (the official ALI code
     * initialises its sigmoid's bias to the log-odds). Call once, before training.
     */
    public void initialiseOutputBias(NDArray images) {
        for (ai.djl.nn.Block child : generator.getChildren().values()) {
            if (child instanceof PixelBias bias) {
                NDArray mean = images.mean(new int[] {0}).clip(-0.99f, 0.99f);
                // atanh(m) = 0.5 * log((1 + m) / (1 - m))
                bias.set(mean.add(1).div(mean.neg().add(1)).log().mul(0.5f));
            }
        }
    }

    /** Trainable parameters of E and G together: they share one optimizer. */
    public List<Parameter> encoderGeneratorParameters() {
        List<Parameter> out = trainable(encoder);
        out.addAll(trainable(generator));
        return out;
    }

    /** All parameters of E and G, batch-norm statistics included: what inference depends on. */
    public List<Parameter> encoderGeneratorState() {
        List<Parameter> out = new ArrayList<>();
        for (Block block : List.<Block>of(encoder, generator)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** Trainable parameters of E. */
    public List<Parameter> encoderParameters() {
        return trainable(encoder);
    }

    /** Trainable parameters of G. */
    public List<Parameter> generatorParameters() {
        return trainable(generator);
    }

    /** Trainable parameters of D. */
    public List<Parameter> discriminatorParameters() {
        return trainable(discriminator);
    }

    private static List<Parameter> trainable(Block block) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** Writes all three networks' parameters (batch-norm statistics included). */
    public void save(DataOutputStream out) throws IOException {
        encoder.saveParameters(out);
        generator.saveParameters(out);
        discriminator.saveParameters(out);
    }

    /** Reads parameters written by {@link #save} for the same architecture; training can go on after it. */
    public void load(NDManager manager, DataInputStream in) throws IOException {
        try {
            encoder.loadParameters(manager, in);
            generator.loadParameters(manager, in);
            discriminator.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException("checkpoint does not match architecture " + arch.name() + ": " + e.getMessage(), e);
        }
        // DJL's Parameter.load replaces each array with a decoded one that tracks no gradient.
        for (Block block : List.<Block>of(encoder, generator, discriminator)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
        }
    }

    /**
     * The shape of every parameter, in order: two networks built from presets of the same name
     * but different versions differ here, so checkpoints record it and compare it before loading.
     */
    public String fingerprint() {
        StringBuilder out = new StringBuilder();
        for (Block block : List.<Block>of(encoder, generator, discriminator)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.append(p.getValue().getArray().getShape()).append(';');
            }
        }
        return Integer.toHexString(out.toString().hashCode());
    }

    /** Number of trainable values in E, G and D. */
    public long trainableParameterCount() {
        long count = 0;
        for (Parameter p : encoderGeneratorParameters()) {
            count += p.getArray().size();
        }
        for (Parameter p : discriminatorParameters()) {
            count += p.getArray().size();
        }
        return count;
    }
}
