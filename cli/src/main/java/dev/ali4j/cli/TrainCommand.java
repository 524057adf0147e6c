package dev.ali4j.cli;

import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.objective.Objective;
import dev.ali4j.trainer.objective.ObjectiveSpec;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.objective.Stabilisers;
import dev.ali4j.trainer.objective.UpdateOrder;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali train}: trains ALI and leaves a run directory with a checkpoint, pictures and metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train ALI, BiGAN, ALICE or a GALI variant on an image data set. Writes samples.png, reconstructions.png, losses.png, "
                + "telemetry.png, metrics.jsonl, report.html (open it in a browser) and checkpoint.ali4j into the run "
                + "directory after every epoch.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--arch", defaultValue = TrainingConfig.DEFAULT_ARCHITECTURE,
            description = "Architecture preset: gray28 (28x28x1), rgb32 (32x32x3) or rgb64 (64x64x3), each also "
                    + "as a -tiny test copy. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--objective", defaultValue = TrainingConfig.DEFAULT_OBJECTIVE, paramLabel = "NAME",
            description = "Objective preset: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = ObjectiveNames.class)
    String objective;

    @Option(names = "--objective-file", paramLabel = "FILE",
            description = "Your own tuple objective, JSON or YAML (format: docs/OBJECTIVES.md); overrides --objective.")
    Path objectiveFile;

    @Option(names = "--lambda", paramLabel = "W",
            description = "Weight of the objective's explicit reconstruction terms (alice, alice-mu: default 1).")
    Float lambda;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "Frozen classifier from ./ali train-classifier, for objectives with M(x) (gali-pretrained).")
    Path classifier;

    @Option(names = "--spectral-norm", negatable = true, defaultValue = "false",
            description = "Spectral normalisation on every layer of D (GALI's code). Default: ${DEFAULT-VALUE}.")
    boolean spectralNorm;

    @Option(names = "--instance-noise", defaultValue = "0", paramLabel = "STD",
            description = "Gaussian noise on every image D sees, decaying to 0 over the run (GALI's code: 0.1). "
                    + "Default: ${DEFAULT-VALUE}.")
    float instanceNoise;

    @Option(names = "--dropout", defaultValue = "" + Stabilisers.DEFAULT_DROPOUT, description = "Dropout rate in D. Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--d-steps", defaultValue = "1", paramLabel = "N",
            description = "D updates per G/E update. Default: ${DEFAULT-VALUE}.")
    int discriminatorSteps;

    @Option(names = "--d-width", defaultValue = "1", paramLabel = "F",
            description = "D's hidden widths (channels and units) times F, up to " + Stabilisers.MAX_DISCRIMINATOR_WIDTH
                    + ": a larger D for games of many tuple types. Default: ${DEFAULT-VALUE}.")
    int discriminatorWidth;

    @Option(names = "--clip-gradient", defaultValue = "0", paramLabel = "NORM",
            description = "Scale an update's gradient (D's, or E and G's together) down to this L2 norm when it is "
                    + "larger, so that one outsized gradient cannot stall Adam for hundreds of steps; 0 = off. "
                    + "Default: ${DEFAULT-VALUE}.")
    float gradientClip;

    @Option(names = "--spike-guard", defaultValue = "" + Stabilisers.DEFAULT_SPIKE_GUARD, paramLabel = "K",
            description = "Scale an update's gradient down to K times the root mean square of its recent ones "
                    + "(Adam's second moments) when it is larger: a wrong gradient 10^7 times its neighbours then "
                    + "cannot stall E and G; 0 = off. Default: ${DEFAULT-VALUE}.")
    float spikeGuard;

    @Option(names = "--output-bias", negatable = true, defaultValue = "false",
            description = "Learnable per-pixel bias before G's tanh, set from the first batch's mean image "
                    + "(ALI's code). Default: ${DEFAULT-VALUE}.")
    boolean outputBias;

    @Option(names = "--update", defaultValue = UpdateOrder.DEFAULT_LABEL, paramLabel = "ORDER", converter = UpdateOrderConverter.class,
            description = "alternating (D steps, then G/E against the updated D) or simultaneous (both against the "
                    + "same D, as ALI's code). Default: ${DEFAULT-VALUE}.")
    UpdateOrder update;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS, description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE, description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Adam learning rate of E and G (and of D without --d-lr). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--d-lr", paramLabel = "LR",
            description = "Adam learning rate of D alone (two time-scale updates). Default: --lr's.")
    Float discriminatorLearningRate;

    @Option(names = "--beta1", defaultValue = "" + TrainingConfig.DEFAULT_BETA1, description = "Adam beta1. Default: ${DEFAULT-VALUE}.")
    float beta1;

    @Option(names = "--beta2", defaultValue = "" + TrainingConfig.DEFAULT_BETA2, description = "Adam beta2. Default: ${DEFAULT-VALUE}.")
    float beta2;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED, description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--average-decay", defaultValue = "" + TrainingConfig.DEFAULT_AVERAGE_DECAY,
            description = "Decay of the moving average of E and G's weights that is exported and shown; "
                    + "0 exports the last weights. Default: ${DEFAULT-VALUE}.")
    float averageDecay;

    @Option(names = "--limit", defaultValue = "0", description = "Train on at most this many images (0 = all).")
    int limit;

    @Option(names = "--out", defaultValue = "runs/ali", paramLabel = "DIR",
            description = "Run directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its last checkpoint (after a crash or kill -9), with the "
                    + "settings it was started with; only --epochs may be raised. The result equals an "
                    + "uninterrupted run.")
    Path resume;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (resume != null) {
            Checkpoint.Header header = Checkpoint.readHeader(resume.resolve(Checkpoint.FILE_NAME));
            DataSplits splits = open(data, header.config().architecture());
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            TrainingConfig config = header.config().withEpochs(epochsGiven ? epochs : header.config().epochs());
            stdout.println("Resuming " + resume + " after epoch " + header.epoch() + " (step " + header.step()
                    + ") up to epoch " + config.epochs());
            report(new LatentModelTrainer(config).addListener(new ProgressBars()).resume(splits, resume), resume,
                    stdout);
            return 0;
        }
        Objective chosen = objectiveFile != null ? Objectives.read(objectiveFile) : Objectives.preset(objective);
        if (lambda != null && chosen.spec().reconstruction().isEmpty()) {
            throw new IllegalArgumentException("--lambda weighs an objective's reconstruction terms, and "
                    + chosen.spec().name() + " has none (alice has)");
        }
        ObjectiveSpec objectiveSpec = lambda == null ? chosen.spec() : chosen.spec().withLambda(lambda);
        Objective compiled = Objective.compile(objectiveSpec);
        Stabilisers stabilisers = new Stabilisers(spectralNorm, instanceNoise, dropout, discriminatorSteps, outputBias,
                update, discriminatorWidth, gradientClip, spikeGuard);
        DataSplits splits = open(data, architecture);
        TrainingConfig config = TrainingConfig.builder().architecture(architecture).epochs(epochs).batchSize(batch)
                .learningRate(learningRate)
                .discriminatorLearningRate(discriminatorLearningRate)
                .betas(beta1, beta2).seed(seed).trainLimit(limit).averageDecay(averageDecay)
                .objective(objectiveSpec).stabilisers(stabilisers)
                .classifier(classifier == null ? null : classifier.toString()).build();
        stdout.println("Training " + compiled + " (" + architecture + ") on " + splits.description());
        report(new LatentModelTrainer(config).addListener(new ProgressBars()).fit(splits, out), out, stdout);
        return 0;
    }

    /** The data, images fitted to the architecture where the format allows (image folders). */
    private static DataSplits open(DataOptions data, String architecture) throws java.io.IOException {
        Architecture arch = Presets.byName(architecture);
        return data.open(arch.channels(), arch.height(), arch.width());
    }

    /** Parses --update by its lower-case label. */
    static final class UpdateOrderConverter implements picocli.CommandLine.ITypeConverter<UpdateOrder> {
        @Override
        public UpdateOrder convert(String value) {
            return UpdateOrder.parse(value);
        }
    }

    /** The preset names, for --help. */
    static final class ObjectiveNames extends java.util.ArrayList<String> {
        ObjectiveNames() {
            super(Objectives.names());
        }
    }

    private static void report(LatentModelTrainer.Result result, Path out, PrintWriter stdout) {
        stdout.printf("Done: %d steps, last D loss %.3f, G/E loss %.3f%n", result.steps(),
                result.lastLosses().discriminator(), result.lastLosses().encoderGenerator());
        stdout.println("Run directory: " + out.toAbsolutePath());
        stdout.println("  checkpoint.ali4j, samples.png, reconstructions.png, losses.png, telemetry.png, "
                + "metrics.jsonl, epochs/");
        stdout.println("  report.html: open it in a browser; ./ali report " + out + " redraws it, e.g. after "
                + "./ali eval --out " + out.resolve("eval.json"));
        stdout.println("Next: ./ali export --run " + out + " --out " + out.resolve("bundle"));
    }
}
