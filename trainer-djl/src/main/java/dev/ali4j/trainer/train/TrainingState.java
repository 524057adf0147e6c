package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.arch.Architecture;
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

    private final AliNetworks networks;
    private final Adam discriminatorOptimizer;
    private final Adam encoderGeneratorOptimizer;
    private final WeightAverage average;

    /** Fresh networks, initialised from the engine's RNG (seed it first), and fresh optimizers. */
    public TrainingState(Architecture arch, TrainingConfig config, NDManager manager) {
        networks = new AliNetworks(arch, manager);
        discriminatorOptimizer = new Adam(networks.discriminatorParameters(), manager,
                config.learningRate(), config.beta1(), config.beta2());
        encoderGeneratorOptimizer = new Adam(networks.encoderGeneratorParameters(), manager,
                config.learningRate(), config.beta1(), config.beta2());
        average = new WeightAverage(networks.encoderGeneratorState(), manager, config.averageDecay());
    }

    public AliNetworks networks() {
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
