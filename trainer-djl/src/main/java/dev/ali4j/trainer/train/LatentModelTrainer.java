package dev.ali4j.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.EngineCheck;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.classifier.ClassifierArchitecture;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.objective.FeatureModel;
import dev.ali4j.trainer.objective.Objective;
import dev.ali4j.trainer.objective.ObjectiveStep;
import dev.ali4j.trainer.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an encoder E and a generator G (and their discriminator D) with any tuple objective
 * ({@link Objective}): ALI, BiGAN, ALICE, the GALI family or one of your own.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().architecture("gray28-small").objective("alice").epochs(3).build();
 * LatentModelTrainer.Result result = new LatentModelTrainer(config)
 *         .addListener(new TrainingListener() {
 *             public void onEpochEnd(TrainingRun run, EpochResult epoch) {
 *                 System.out.println("epoch " + epoch.epoch() + ": D loss " + epoch.discriminatorLoss());
 *             }
 *         })
 *         .fit(DataSets.open("embedded"), Path.of("runs/alice"));
 * }</pre>
 *
 * <p>A new trainer writes what {@code ali train} writes, through its {@link #standardListeners()}:
 * a checkpoint, {@code metrics.jsonl} with its charts, the sample and reconstruction pictures and
 * {@code report.html}, after every epoch.
 */
public final class LatentModelTrainer {

    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>(standardListeners());

    public LatentModelTrainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * What every run writes into its directory; the checkpoint first, so that it never waits on a
     * picture, and the report last, since it reads what the others wrote.
     */
    public static List<TrainingListener> standardListeners() {
        return List.of(new CheckpointWriter(), new MetricsLog(), new RunPictures(), new ReportWriter());
    }

    /** Adds a listener after those already there. */
    public LatentModelTrainer addListener(TrainingListener listener) {
        listeners.add(listener);
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

    /** Trains on {@code data.train()}; {@code data.test()} supplies the held-out images of pictures. */
    public Result fit(DataSplits data, Path runDirectory) throws IOException {
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
        if (train.size() < config.batchSize()) {
            throw new IllegalArgumentException("training set of " + train.size()
                    + " images is smaller than one batch of " + config.batchSize());
        }
        Files.createDirectories(runDirectory);
        EngineCheck.requireExactConvolutionGradients(); // before seeding: it draws random numbers
        Engine.getEngine("PyTorch").setRandomSeed(Long.hashCode(config.seed()));
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureModel model = Objective.compile(config.objective()).usesFeatures()
                    ? openClassifier(config.classifier(), arch, manager) : null;
            int featureSize = model == null ? 0 : model.featureSize();
            TrainingState state = new TrainingState(arch, config, featureSize, manager);
            ObjectiveStep step = state.newStep(model, manager);
            Path checkpoint = runDirectory.resolve(Checkpoint.FILE_NAME);
            Checkpoint.Header resumed = resuming ? resumeFrom(checkpoint, state, data, manager) : null;
            TrainingRun run = new TrainingRun(config, runDirectory, data, train, state, manager,
                    resumed == null ? 0 : resumed.epoch(), featureSize);
            BatchOrder order = new BatchOrder(train.size(), config.seed());
            order.skipEpochs(run.epochsDone()); // the data order of the epochs already done is replayed
            long steps = resumed == null ? 0 : resumed.step();
            ObjectiveStep.Losses last = null;
            notify(l -> l.onTrainingBegin(run));
            for (int epoch = run.epochsDone() + 1; epoch <= config.epochs() && !run.stopRequested(); epoch++) {
                EpochSteps done = trainEpoch(run, step, order.nextEpoch(), epoch, steps);
                steps = done.result().step();
                last = done.lastLosses();
                EpochResult result = done.result();
                run.withExportedWeights(epoch, () -> notify(l -> l.onEpochEnd(run, result)));
            }
            notify(l -> l.onTrainingEnd(run));
            return new Result(runDirectory, checkpoint, steps, last);
        }
    }

    private record EpochSteps(EpochResult result, ObjectiveStep.Losses lastLosses) {}

    /** One pass over the data in {@code order}, from step {@code steps} on. */
    private EpochSteps trainEpoch(TrainingRun run, ObjectiveStep step, int[] order, int epoch, long steps)
            throws IOException {
        if (epoch > 1) {
            // Exact resume: each epoch's noise, dropout and reparameterisation draws
            // depend on (seed, epoch) only, not on what ran before in this process.
            Engine.getEngine("PyTorch").setRandomSeed(Long.hashCode(config.seed() * 1_000_003L + epoch));
        }
        Architecture arch = run.networks().architecture();
        ImageSpec spec = arch.imageSpec();
        float noise = config.stabilisers().noiseAt(epoch, config.epochs());
        float[] batch = new float[config.batchSize() * arch.imageSize()];
        Shape shape = new Shape(config.batchSize(), arch.channels(), arch.height(), arch.width());
        EpochMeans means = new EpochMeans();
        ObjectiveStep.Losses losses = null;
        notify(l -> l.onEpochBegin(run, epoch));
        long start = System.nanoTime();
        for (int s = 0; s < run.stepsPerEpoch(); s++) {
            int from = s * config.batchSize();
            run.trainImages().copyBatchScaled(java.util.Arrays.copyOfRange(order, from, from + config.batchSize()),
                    spec.pixelMin(), spec.pixelMax(), batch);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray images = run.manager().create(batch, shape);
                if (steps == 0 && config.stabilisers().outputBias()) {
                    run.networks().initialiseOutputBias(images);
                }
                losses = step.run(images, noise);
                run.state().average().update();
            }
            steps++;
            means.add(losses);
            StepResult result = new StepResult(epoch, steps, losses);
            notify(l -> l.onStepEnd(run, result));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochSteps(means.result(epoch, steps, run.stepsPerEpoch() * (double) config.batchSize() / seconds,
                seconds), losses);
    }

    private Checkpoint.Header resumeFrom(Path checkpoint, TrainingState state, DataSplits data, NDManager manager)
            throws IOException {
        Checkpoint.Header header = Checkpoint.load(checkpoint, state, manager);
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
        return header;
    }

    /** The frozen classifier behind {@code M(...)}, checked against the data's image shape. */
    static FeatureModel openClassifier(String directory, Architecture arch, NDManager manager) throws IOException {
        if (directory == null) {
            throw new IllegalArgumentException("this objective uses features M(x) of a pre-trained classifier: "
                    + "pass --classifier DIR (train one with ./ali train-classifier)");
        }
        FrozenClassifier classifier = FrozenClassifier.load(Path.of(directory), manager);
        ClassifierArchitecture c = classifier.architecture();
        ImageSpec.checkShape("the images of architecture " + arch.name(), arch.channels(), arch.height(),
                arch.width(), "classifier " + directory + " takes", c.channels(), c.height(), c.width());
        return classifier;
    }

    private interface ListenerCall {
        void on(TrainingListener listener) throws IOException;
    }

    private void notify(ListenerCall call) throws IOException {
        for (TrainingListener listener : listeners) {
            call.on(listener);
        }
    }

    private static ImageSet limit(ImageSet set, int limit) {
        return limit > 0 && limit < set.size() ? set.slice(0, limit) : set;
    }

    private static void checkShape(ImageSet set, Architecture arch) {
        ImageSpec.checkShape("the images of data " + set.name(), set.channels(), set.height(), set.width(),
                "architecture " + arch.name() + " expects", arch.channels(), arch.height(), arch.width());
    }
}
