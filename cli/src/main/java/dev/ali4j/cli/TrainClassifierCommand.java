package dev.ali4j.cli;

import dev.ali4j.trainer.classifier.ClassifierConfig;
import dev.ali4j.trainer.classifier.ClassifierInfo;
import dev.ali4j.trainer.classifier.ClassifierTrainer;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ali train-classifier}: trains the CNN classifier that {@code ali eval --classifier} uses
 * for label_preservation and that GALI's pre-trained-model objective takes its features from.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = "Train a small CNN classifier on a labelled data set. Prints the test accuracy after every "
                + "epoch and writes classifier.params and classifier.json into the output directory.")
public final class TrainClassifierCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", defaultValue = "embedded", paramLabel = "SPEC",
            description = "Labelled data (see 'ali train --help'). Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--out", defaultValue = "runs/classifier", paramLabel = "DIR",
            description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--epochs", defaultValue = "" + ClassifierConfig.DEFAULT_EPOCHS, description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = {"--batch-size", "--batch"}, defaultValue = "" + ClassifierConfig.DEFAULT_BATCH_SIZE,
            description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + ClassifierConfig.DEFAULT_LEARNING_RATE, description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--seed", defaultValue = "" + ClassifierConfig.DEFAULT_SEED, description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "Train on at most this many images (0 = all).")
    int limit;

    @Option(names = "--base", defaultValue = "" + ClassifierConfig.DEFAULT_BASE,
            description = "Channels of the first convolution (then 2x, 4x). Default: ${DEFAULT-VALUE}.")
    int base;

    @Option(names = "--features", defaultValue = "" + ClassifierConfig.DEFAULT_FEATURE_SIZE,
            description = "Width of the penultimate layer (the features). Default: ${DEFAULT-VALUE}.")
    int features;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        ClassifierConfig config = new ClassifierConfig(epochs, batchSize, learningRate, seed, limit, base,
                features);
        DataSplits splits = DataSets.open(data);
        stdout.println("Training a classifier on " + splits.description());
        ClassifierTrainer.Result result = new ClassifierTrainer(config)
                .progress(new ProgressBars())
                .onEpoch(e -> stdout.printf("epoch %d/%d: loss %.4f, train accuracy %.4f, test accuracy %.4f (%.0f s)%n",
                        e.epoch(), e.epochs(), e.loss(), e.trainAccuracy(), e.testAccuracy(), e.seconds()))
                .fit(splits, out);
        ClassifierInfo info = result.info();
        stdout.printf("Test accuracy %.4f on %d test images (%s)%n", info.testAccuracy(), info.testImages(),
                info.architecture().describe());
        stdout.println("Classifier: " + out.toAbsolutePath() + " (classifier.params, classifier.json)");
        stdout.println("Next: ./ali eval --bundle BUNDLE --data " + data + " --classifier " + out);
        return 0;
    }
}
