package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.DiscriminatorLayout;
import dev.ali4j.trainer.objective.FeatureModel;
import dev.ali4j.trainer.objective.Objective;
import dev.ali4j.trainer.objective.ObjectiveStep;
import dev.ali4j.trainer.objective.Stabilisers;
import dev.ali4j.trainer.optim.Adam;
import dev.ali4j.trainer.optim.WeightAverage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Everything a run changes as it trains: the networks, both optimizers and the weight average of
 * E and G. A checkpoint is this plus a {@link Checkpoint.Header}.
 */
public final class TrainingState {

    private final LatentNetworks networks;
    private final Adam discriminatorOptimizer;
    private final Adam encoderGeneratorOptimizer;
    private final WeightAverage average;
    private final Objective objective;
    private final Stabilisers stabilisers;

    /** Fresh networks for an objective without feature slots. */
    public TrainingState(Architecture arch, TrainingConfig config, NDManager manager) {
        this(arch, config, 0, manager);
    }

    /**
     * Fresh networks, initialised from the engine's RNG (seed it first), and fresh optimizers;
     * D is built for the configuration's objective and stabilisers.
     *
     * @param featureSize length of the frozen model's features, if the objective uses {@code M(...)}
     */
    public TrainingState(Architecture arch, TrainingConfig config, int featureSize, NDManager manager) {
        objective = Objective.compile(config.objective());
        stabilisers = config.stabilisers();
        DiscriminatorLayout layout = new DiscriminatorLayout(objective.slotKinds(), objective.classes(), featureSize,
                stabilisers.dropout(), stabilisers.spectralNorm(), stabilisers.discriminatorWidth());
        networks = new LatentNetworks(stabilisers.outputBias() ? arch.withOutputBias() : arch, layout, manager);
        discriminatorOptimizer = new Adam(networks.discriminatorParameters(), manager,
                config.discriminatorLearningRate(), config.beta1(), config.beta2());
        encoderGeneratorOptimizer = new Adam(networks.encoderGeneratorParameters(), manager,
                config.learningRate(), config.beta1(), config.beta2());
        average = new WeightAverage(networks.encoderGeneratorState(), manager, config.averageDecay());
    }

    /**
     * The training step of this state's objective.
     *
     * @param model the frozen model behind {@code M(...)}, or null if the objective has none
     */
    public ObjectiveStep newStep(FeatureModel model, NDManager manager) {
        return new ObjectiveStep(networks, objective, stabilisers, model, discriminatorOptimizer,
                encoderGeneratorOptimizer, manager);
    }

    public LatentNetworks networks() {
        return networks;
    }

    public Adam discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    public Adam encoderGeneratorOptimizer() {
        return encoderGeneratorOptimizer;
    }

    public WeightAverage average() {
        return average;
    }

    void save(DataOutputStream out) throws IOException {
        networks.save(out);
        discriminatorOptimizer.save(out);
        encoderGeneratorOptimizer.save(out);
        average.save(out);
    }

    void load(NDManager manager, DataInputStream in) throws IOException {
        networks.load(manager, in);
        discriminatorOptimizer.load(in);
        encoderGeneratorOptimizer.load(in);
        average.load(in);
    }
}
