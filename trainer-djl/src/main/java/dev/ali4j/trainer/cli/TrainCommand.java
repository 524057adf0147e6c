package dev.ali4j.trainer.cli;

import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.train.AliTrainer;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ali train}: trains ALI and leaves a run directory with a checkpoint, pictures and metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train ALI on an image data set. Writes samples.png, reconstructions.png, losses.png, "
                + "metrics.jsonl and checkpoint.ali4j into the run directory after every epoch.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "embedded", paramLabel = "SPEC",
            description = "embedded (the Fashion-MNIST sample in the jar), fashion-mnist (Debian's package), "
                    + "mnist, or a directory of IDX files. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--arch", defaultValue = "gray28",
            description = "Architecture preset: gray28 (28x28x1), rgb32 (32x32x3) or rgb64 (64x64x3), each also "
                    + "as a -tiny test copy. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "100", description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--beta1", defaultValue = "0.5", description = "Adam beta1. Default: ${DEFAULT-VALUE}.")
    float beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam beta2. Default: ${DEFAULT-VALUE}.")
    float beta2;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--average-decay", defaultValue = "0.999",
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DataSplits splits = DataSets.open(data);
        if (resume != null) {
            Checkpoint.Header header = Checkpoint.readHeader(resume.resolve(Checkpoint.FILE_NAME));
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            TrainingConfig config = header.config().withEpochs(epochsGiven ? epochs : header.config().epochs());
            System.out.println("Resuming " + resume + " after epoch " + header.epoch() + " (step " + header.step()
                    + ") up to epoch " + config.epochs());
            report(new AliTrainer(config).resume(splits, resume), resume);
            return 0;
        }
        TrainingConfig config = new TrainingConfig(architecture, epochs, batch, learningRate, beta1, beta2, seed, limit,
                averageDecay);
        System.out.println("Training ALI (" + architecture + ") on " + splits.description());
        report(new AliTrainer(config).train(splits, out), out);
        return 0;
    }

    private static void report(AliTrainer.Result result, Path out) {
        System.out.printf("Done: %d steps, last D loss %.3f, G/E loss %.3f%n", result.steps(),
                result.lastLosses().discriminator(), result.lastLosses().encoderGenerator());
        System.out.println("Run directory: " + out.toAbsolutePath());
        System.out.println("  checkpoint.ali4j, samples.png, reconstructions.png, losses.png, metrics.jsonl");
        System.out.println("Next: ./ali export --run " + out + " --out " + out.resolve("bundle"));
    }
}
