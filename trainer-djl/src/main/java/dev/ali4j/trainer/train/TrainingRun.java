package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;

/** What listeners see of a run in progress: its settings, data and networks; and a way to stop it. */
public final class TrainingRun {

    private final TrainingConfig config;
    private final Path directory;
    private final DataSplits data;
    private final ImageSet trainImages;
    private final TrainingState state;
    private final NDManager manager;
    private final int epochsDone;
    private final int featureSize;
    private boolean stopRequested;
    private boolean exportedWeightsIn;

    TrainingRun(TrainingConfig config, Path directory, DataSplits data, ImageSet trainImages, TrainingState state,
            NDManager manager, int epochsDone, int featureSize) {
        this.config = config;
        this.directory = directory;
        this.data = data;
        this.trainImages = trainImages;
        this.state = state;
        this.manager = manager;
        this.epochsDone = epochsDone;
        this.featureSize = featureSize;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Where the run writes its files. */
    public Path directory() {
        return directory;
    }

    /** The data as given: {@code test()} supplies held-out images for pictures and reports. */
    public DataSplits data() {
        return data;
    }

    /** The images trained on: {@code data().train()}, cut to the configuration's limit. */
    public ImageSet trainImages() {
        return trainImages;
    }

    /** Steps in one epoch: whole batches of {@link #trainImages()}. */
    public int stepsPerEpoch() {
        return trainImages.size() / config.batchSize();
    }

    /** Epochs a checkpoint had already trained when this run resumed it (0 for a fresh run). */
    public int epochsDone() {
        return epochsDone;
    }

    public boolean resumed() {
        return epochsDone > 0;
    }

    /** E, G and D. Inside {@code onEpochEnd}: E and G with the weights an export would take. */
    public LatentNetworks networks() {
        return state.networks();
    }

    /** The run's NDManager: arrays a listener keeps across steps belong here. */
    public NDManager manager() {
        return manager;
    }

    /** Ends the run after the current epoch (its checkpoint and pictures are still written). */
    public void stop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Writes the whole training state, with the live weights however the networks are swapped
     * at the moment: a checkpoint resumes training, so it must not hold the averaged weights as
     * the trained ones.
     */
    void writeCheckpoint(Path file, int epoch, long step) throws IOException {
        if (exportedWeightsIn) {
            state.average().swap();
        }
        try {
            Checkpoint.write(file, new Checkpoint.Header(config, describeData(), epoch, step,
                    state.networks().fingerprint(), featureSize), state);
        } finally {
            if (exportedWeightsIn) {
                state.average().swap();
            }
        }
    }

    /** Runs {@code action} with the averaged E and G swapped in and G's batch norm measured for them. */
    void withExportedWeights(int epoch, IoAction action) throws IOException {
        state.average().swap();
        exportedWeightsIn = true;
        try {
            BatchNormRecalibration.run(state.networks(), trainImages, config.batchSize(),
                    config.seed() * 1_000_033L + epoch, manager);
            action.run();
        } finally {
            exportedWeightsIn = false;
            state.average().swap();
        }
    }

    /** How the checkpoint names the data: the same description must be given to resume. */
    String describeData() {
        return data.description() + ", " + trainImages.size() + " images used for training";
    }

    TrainingState state() {
        return state;
    }

    /** A step that may fail with an IOException. */
    public interface IoAction {
        void run() throws IOException;
    }
}
