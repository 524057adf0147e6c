package dev.ali4j.trainer.classifier;

import ai.djl.engine.Engine;
import dev.ali4j.trainer.EngineCheck;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.ProgressMonitor;
import dev.ali4j.trainer.Versions;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link ClassifierArchitecture} classifier on a labelled data set
 * with cross-entropy and Adam, measures it on the test split after every epoch, and writes it to
 * a directory that {@link FrozenClassifier#load} reads.
 *
 * <pre>{@code
 * ClassifierTrainer.Result r = new ClassifierTrainer(ClassifierConfig.defaults())
 *         .fit(DataSets.open("fashion-mnist"), Path.of("runs/classifier"));
 * System.out.println(r.info().testAccuracy());
 * }</pre>
 */
public final class ClassifierTrainer {

    /** Adam's betas: the usual ones for supervised training (not the GAN papers' 0.5). */
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;

    private final ClassifierConfig config;
    private ProgressMonitor progress = ProgressMonitor.NONE;
    private Consumer<Epoch> listener = e -> {};

    public ClassifierTrainer(ClassifierConfig config) {
        this.config = config;
    }

    /** Reports each epoch's progress (the command line's progress bar); by default nothing. */
    public ClassifierTrainer progress(ProgressMonitor monitor) {
        progress = monitor;
        return this;
    }

    /** Called after every epoch, e.g. to print its accuracy. */
    public ClassifierTrainer onEpoch(Consumer<Epoch> value) {
        listener = value;
        return this;
    }

    /**
     * One finished epoch.
     *
     * @param loss mean cross-entropy of its steps
     * @param trainAccuracy fraction of its training images classified correctly while training (dropout on)
     * @param testAccuracy fraction of the test split classified correctly after it
     */
    public record Epoch(int epoch, int epochs, double loss, double trainAccuracy, double testAccuracy, double seconds) {}

    /** What training left: the directory, what classifier.json says, and each epoch. */
    public record Result(Path directory, ClassifierInfo info, List<Epoch> epochs) {}

    /**
     * Trains on {@code data.train()}, measures on {@code data.test()} and writes
     * {@code classifier.params} and {@code classifier.json} into {@code directory}.
     *
     * @throws IllegalArgumentException if a split has no labels or is smaller than one batch
     */
    public Result fit(DataSplits data, Path directory) throws IOException {
        ImageSet train = data.train();
        if (config.trainLimit() > 0 && config.trainLimit() < train.size()) {
            train = train.slice(0, config.trainLimit());
        }
        ImageSet test = data.test();
        ClassifierArchitecture arch = config.architecture(train.channels(), train.height(), train.width(),
                classes(train, test));
        int batchSize = config.batchSize();
        int stepsPerEpoch = train.size() / batchSize;
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("training set of " + train.size()
                    + " images is smaller than one batch of " + batchSize);
        }
        EngineCheck.requireExactConvolutionGradients(); // before seeding: it draws random numbers
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(Long.hashCode(config.seed()));
        float[] testImages = test.rangeScaled(0, test.size(), ClassifierArchitecture.PIXEL_MIN,
                ClassifierArchitecture.PIXEL_MAX);
        List<Epoch> epochs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork network = new ClassifierNetwork(arch, manager);
            Adam adam = new Adam(network.trainableParameters(), manager, config.learningRate(), BETA1, BETA2);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                order.add(i);
            }
            Random random = new Random(config.seed());
            float[] batch = new float[batchSize * train.imageSize()];
            Shape batchShape = new Shape(batchSize, arch.channels(), arch.height(), arch.width());
            double testAccuracy = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                Collections.shuffle(order, random);
                long start = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                progress.epochStarted(epoch, config.epochs(), (long) stepsPerEpoch * batchSize);
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int[] chosen = order.subList(s * batchSize, (s + 1) * batchSize).stream()
                            .mapToInt(Integer::intValue).toArray();
                    train.copyBatchScaled(chosen, ClassifierArchitecture.PIXEL_MIN, ClassifierArchitecture.PIXEL_MAX,
                            batch);
                    long[] labels = Arrays.stream(chosen).mapToLong(train::label).toArray();
                    Step step = step(network, adam, manager, batch, batchShape, labels);
                    lossSum += step.loss();
                    correct += step.correct();
                    progress.advanced(batchSize, String.format("loss %.3f", step.loss()));
                }
                progress.epochFinished();
                testAccuracy = FrozenClassifier.accuracy(network.predict(manager, testImages, test.size()), test, 0);
                Epoch done = new Epoch(epoch, config.epochs(), lossSum / stepsPerEpoch,
                        correct / ((double) stepsPerEpoch * batchSize), testAccuracy, (System.nanoTime() - start) / 1e9);
                epochs.add(done);
                listener.accept(done);
            }
            ClassifierInfo info = new ClassifierInfo(ClassifierInfo.FORMAT, ClassifierInfo.VERSION, arch, null, null,
                    testAccuracy, test.size(), data.description(), train.size(), config.epochs(), batchSize,
                    config.learningRate(), config.seed(), Versions.all());
            return new Result(directory, ClassifierFiles.write(directory, network, info), epochs);
        }
    }

    private record Step(float loss, int correct) {}

    /** One Adam step on one batch; the temporaries die with the scope. */
    private static Step step(ClassifierNetwork network, Adam adam, NDManager manager, float[] batch, Shape shape,
            long[] labels) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = manager.create(batch, shape);
            NDArray oneHot = manager.create(labels).oneHot(network.architecture().classes());
            float loss;
            long[] predicted;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray logits = network.logits(x, true);
                NDArray crossEntropy = crossEntropy(logits, oneHot);
                collector.backward(crossEntropy);
                loss = crossEntropy.getFloat();
                predicted = logits.argMax(1).toLongArray();
            }
            adam.step();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) {
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
            return new Step(loss, correct);
        }
    }

    /** Mean over the batch of -log softmax(logits)[label]; {@code oneHot} is (N, classes). */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** One more than the largest label of either split; both must be labelled. */
    private static int classes(ImageSet train, ImageSet test) {
        int max = 0;
        for (ImageSet set : List.of(train, test)) {
            if (!set.hasLabels()) {
                throw new IllegalArgumentException(set.name() + " has no labels: training a classifier needs label "
                        + "files (train-labels-idx1-ubyte and t10k-labels-idx1-ubyte) beside the images");
            }
            for (int label : set.labels()) {
                if (label < 0) {
                    throw new IllegalArgumentException(set.name() + " holds a negative label " + label);
                }
                max = Math.max(max, label);
            }
        }
        return max + 1;
    }
}
