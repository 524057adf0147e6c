package dev.ali4j.trainer.train;

import ai.djl.engine.Engine;
import dev.ali4j.trainer.EngineCheck;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.trainer.ProgressBars;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.classifier.ClassifierArchitecture;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.objective.FeatureModel;
import dev.ali4j.trainer.objective.Objective;
import dev.ali4j.trainer.objective.ObjectiveStep;
import dev.ali4j.trainer.objective.Stabilisers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an ALI model with any tuple objective ({@link Objective}): the loop over epochs and batches, with progress, per-epoch pictures and
 * metrics ({@link RunOutputs}) and a checkpoint after every epoch.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.defaults().withEpochs(3);
 * AliTrainer.Result result = new AliTrainer(config).train(DataSets.open("embedded"), Path.of("runs/ali"));
 * }</pre>
 */
public final class AliTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AliTrainer.class);

    private final TrainingConfig config;
    private boolean showProgress = true;

    public AliTrainer(TrainingConfig config) {
        this.config = config;
    }

    /** Turns the console progress bar off (tests, benchmarks). */
    public AliTrainer quiet() {
        showProgress = false;
        return this;
    }

    /**
     * What a finished run left behind.
     *
     * @param runDirectory where its files are
     * @param checkpoint the last checkpoint
     * @param steps steps taken
     * @param lastLosses the losses of the last step
     */
    public record Result(Path runDirectory, Path checkpoint, long steps, ObjectiveStep.Losses lastLosses) {}

    /** Trains on {@code data.train()}; {@code data.test()} supplies the fixed reconstruction images. */
    public Result train(DataSplits data, Path runDirectory) throws IOException {
        return run(data, runDirectory, false);
    }

    /**
     * Continues the run in {@code runDirectory} from its last checkpoint up to this trainer's
     * epochs. The result is the same, parameter for parameter, as a run that was never
     * interrupted: checkpoints fall on epoch boundaries, the data order is replayed from the
     * seed, and the engine's RNG is re-seeded from (seed, epoch) at the start of every epoch.
     * Only the number of epochs may differ from the checkpoint's configuration.
     */
    public Result resume(DataSplits data, Path runDirectory) throws IOException {
        return run(data, runDirectory, true);
    }

    private Result run(DataSplits data, Path runDirectory, boolean resuming) throws IOException {
        Architecture arch = Presets.byName(config.architecture());
        ImageSet train = limit(data.train(), config.trainLimit());
        checkShape(train, arch);
        int stepsPerEpoch = train.size() / config.batchSize();
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("training set of " + train.size()
                    + " images is smaller than one batch of " + config.batchSize());
        }
        Files.createDirectories(runDirectory);
        EngineCheck.requireExactConvolutionGradients(); // before seeding: it draws random numbers
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(Long.hashCode(config.seed()));
        try (NDManager manager = NDManager.newBaseManager()) {
            Objective objective = Objective.compile(config.objective());
            Stabilisers stabilisers = config.stabilisers();
            FeatureModel model = objective.usesFeatures() ? openClassifier(config.classifier(), arch, manager) : null;
            TrainingState state = new TrainingState(arch, config, model == null ? 0 : model.featureSize(), manager);
            AliNetworks networks = state.networks();
            ObjectiveStep step = state.newStep(model, manager);
            Path checkpoint = runDirectory.resolve(Checkpoint.FILE_NAME);
            int done = 0;
            long steps = 0;
            if (resuming) {
                Checkpoint.Header header = Checkpoint.load(checkpoint, state, manager);
                checkResumable(header, data, checkpoint);
                done = header.epoch();
                steps = header.step();
            }
            RunOutputs outputs = new RunOutputs(runDirectory, networks, manager, data.test(), config.seed(), resuming,
                    config.objective().name());
            Random order = new Random(config.seed());
            int[] indices = new int[train.size()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = i;
            }
            float[] batch = new float[config.batchSize() * arch.imageSize()];
            Shape batchShape = new Shape(config.batchSize(), arch.channels(), arch.height(), arch.width());
            ObjectiveStep.Losses losses = null;
            SpikeWatch spikes = new SpikeWatch();
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffle(indices, order); // also for epochs already done: the order is replayed
                if (epoch <= done) {
                    continue;
                }
                if (epoch > 1) {
                    // Exact resume: each epoch's noise, dropout and reparameterisation draws
                    // depend on (seed, epoch) only, not on what ran before in this process.
                    engine.setRandomSeed(Long.hashCode(config.seed() * 1_000_003L + epoch));
                }
                float noise = stabilisers.noiseAt(epoch, config.epochs());
                double dSum = 0;
                double geSum = 0;
                int skipped = 0;
                long start = System.nanoTime();
                try (ProgressBar bar = progressBar(epoch, stepsPerEpoch)) {
                    for (int s = 0; s < stepsPerEpoch; s++) {
                        int[] chosen = java.util.Arrays.copyOfRange(indices, s * config.batchSize(), (s + 1) * config.batchSize());
                        train.copyBatchAsTanh(chosen, batch);
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            NDArray images = manager.create(batch, batchShape);
                            if (steps == 0 && stabilisers.outputBias()) {
                                networks.initialiseOutputBias(images);
                            }
                            losses = step.run(images, noise);
                            state.average().update();
                        }
                        steps++;
                        String warning = spikes.observe(steps, losses.telemetry());
                        if (warning != null) {
                            LOG.warn(warning);
                        }
                        if (losses.skipped()) {
                            skipped++; // its losses are not finite: left out of the epoch's means
                        } else {
                            dSum += losses.discriminator();
                            geSum += losses.encoderGenerator();
                        }
                        if (bar != null) {
                            bar.stepBy(config.batchSize());
                            bar.setExtraMessage(String.format(" step %d D %.3f G/E %.3f", steps,
                                    losses.discriminator(), losses.encoderGenerator()));
                        }
                        if (steps % 10 == 0) {
                            outputs.logStep(epoch, steps, losses, spikes.drainWindow());
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                // Pictures show the averaged E and G: the weights that are exported, with batch-norm
                // statistics measured for them on real images and their codes.
                state.average().swap();
                try {
                    BatchNormRecalibration.run(networks, train, config.batchSize(), config.seed() * 1_000_033L + epoch,
                            manager);
                    outputs.endEpoch(epoch, steps, dSum / Math.max(1, stepsPerEpoch - skipped),
                            geSum / Math.max(1, stepsPerEpoch - skipped), skipped,
                            stepsPerEpoch * (double) config.batchSize() / seconds, seconds);
                } finally {
                    state.average().swap();
                }
                Checkpoint.write(checkpoint, new Checkpoint.Header(config, describe(data, train), epoch, steps,
                        networks.fingerprint(), model == null ? 0 : model.featureSize()), state);
            }
            return new Result(runDirectory, checkpoint, steps, losses);
        }
    }

    /** The frozen classifier behind {@code M(...)}, checked against the data's image shape. */
    static FeatureModel openClassifier(String directory, Architecture arch, NDManager manager) throws IOException {
        if (directory == null) {
            throw new IllegalArgumentException("this objective uses features M(x) of a pre-trained classifier: "
                    + "pass --classifier DIR (train one with ./ali train-classifier)");
        }
        FrozenClassifier classifier = FrozenClassifier.load(Path.of(directory), manager);
        ClassifierArchitecture c = classifier.architecture();
        if (c.channels() != arch.channels() || c.height() != arch.height() || c.width() != arch.width()) {
            throw new IllegalArgumentException(String.format("classifier %s takes %dx%dx%d images but architecture %s "
                    + "makes %dx%dx%d", directory, c.channels(), c.height(), c.width(), arch.name(), arch.channels(),
                    arch.height(), arch.width()));
        }
        return classifier;
    }

    private ProgressBar progressBar(int epoch, int stepsPerEpoch) {
        return showProgress ? ProgressBars.epoch(epoch, config.epochs(), (long) stepsPerEpoch * config.batchSize()) : null;
    }

    private void checkResumable(Checkpoint.Header header, DataSplits data, Path checkpoint) {
        if (!header.config().withEpochs(config.epochs()).equals(config)) {
            throw new IllegalArgumentException(checkpoint + ": trained with " + header.config()
                    + "; resume with the same settings (only the number of epochs may change)");
        }
        if (!header.dataset().startsWith(data.description())) {
            throw new IllegalArgumentException(checkpoint + ": trained on " + header.dataset() + ", not on "
                    + data.description() + "; pass the same --data");
        }
        if (header.epoch() >= config.epochs()) {
            throw new IllegalArgumentException(checkpoint + ": already trained " + header.epoch()
                    + " epochs; pass a larger --epochs to go on");
        }
    }

    private static String describe(DataSplits data, ImageSet train) {
        return data.description() + ", " + train.size() + " images used for training";
    }

    private static ImageSet limit(ImageSet set, int limit) {
        return limit > 0 && limit < set.size() ? set.slice(0, limit) : set;
    }

    private static void checkShape(ImageSet set, Architecture arch) {
        if (set.channels() != arch.channels() || set.height() != arch.height() || set.width() != arch.width()) {
            throw new IllegalArgumentException(String.format(
                    "data %s has images of %dx%dx%d but architecture %s expects %dx%dx%d", set.name(),
                    set.channels(), set.height(), set.width(), arch.name(), arch.channels(), arch.height(),
                    arch.width()));
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
