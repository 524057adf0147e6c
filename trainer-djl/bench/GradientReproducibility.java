package dev.ali4j.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.objective.ObjectiveStep;
import dev.ali4j.trainer.objective.Stabilisers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark, not product: does the engine give the same training run twice in one process? Trains
 * ResumeTest's tiny configuration (gray28-tiny, 2 epochs of 6 steps) again and again and compares
 * every step with the first run's. With {@code churn}, unrelated convolutions of random shapes run
 * before each run and after every third step, as the other tests do in a test JVM. For each run
 * that parts from the first, it prints the first step that differs and whether that step's
 * forward values (D's loss, E's peaks) agreed: if they did, the step computed different gradients
 * from the same state and batch.
 *
 * <p>Usage: {@code trainer-djl/bench/gradient-reproducibility.sh RUNS [churn|quiet]}
 */
public final class GradientReproducibility {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        boolean churn = args.length > 1 && args[1].equals("churn");
        DataSplits data = DataSets.open("embedded");
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(2).batchSize(10)
                .learningRate(1e-3f).seed(5).trainLimit(60).averageDecay(0.9f)
                .stabilisers(Stabilisers.defaults().withGradientClip(0f)).build();
        Path dir = Files.createTempDirectory("gradient-reproducibility");
        List<String[]> first = null;
        int parted = 0;
        Random beforeRuns = new Random(42);
        for (int run = 0; run < runs; run++) {
            List<String[]> steps = new ArrayList<>();
            int thisRun = run;
            if (churn) {
                unrelatedConvolutions(beforeRuns, FILLS[run % FILLS.length]);
            }
            new LatentModelTrainer(config).addListener(new TrainingListener() {
                @Override
                public void onStepEnd(TrainingRun r, StepResult step) {
                    ObjectiveStep.Losses l = step.losses();
                    ObjectiveStep.Telemetry t = l.telemetry();
                    steps.add(new String[] {"D loss " + l.discriminator() + ", max |log-sigma| " + t.maxAbsLogSigma()
                            + ", max |z| " + t.maxAbsCode(), "G/E loss " + l.encoderGenerator() + ", gradient norms E "
                            + t.encoderGradientNorm() + " G " + t.generatorGradientNorm() + " D "
                            + t.discriminatorGradientNorm()});
                    if (churn && step.step() % 3 == 0) {
                        unrelatedConvolutions(new Random(thisRun * 100L + step.step()),
                                FILLS[(int) (step.step() % FILLS.length)]);
                    }
                }
            }).fit(data, dir.resolve("run" + run));
            if (first == null) {
                first = steps;
                continue;
            }
            for (int s = 0; s < steps.size(); s++) {
                if (!steps.get(s)[0].equals(first.get(s)[0]) || !steps.get(s)[1].equals(first.get(s)[1])) {
                    parted++;
                    boolean sameForward = steps.get(s)[0].equals(first.get(s)[0]);
                    System.out.printf("run %d parts from run 0 at step %d; forward values %s%n  run 0: %s; %s%n"
                            + "  run %d: %s; %s%n", run, s + 1, sameForward ? "equal" : "DIFFER", first.get(s)[0],
                            first.get(s)[1], run, steps.get(s)[0], steps.get(s)[1]);
                    break;
                }
            }
        }
        System.out.printf("%d of %d runs parted from run 0 (%s)%n", parted, runs - 1,
                churn ? "unrelated convolutions between steps" : "nothing between steps");
    }

    private static final float[] FILLS = {Float.NaN, 1e30f, -3.5f, Float.POSITIVE_INFINITY};

    /** Up to thirty convolutions of random shapes, forward and backward, on arrays filled with {@code fill}. */
    private static void unrelatedConvolutions(Random random, float fill) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < 30; k++) {
                int n = 1 + random.nextInt(60);
                int in = 1 + random.nextInt(64);
                int out = 1 + random.nextInt(64);
                int size = 7 + random.nextInt(22);
                int kernel = 2 + random.nextInt(4);
                int stride = 1 + random.nextInt(2);
                int padding = random.nextInt(2);
                if (size + 2 * padding < kernel) {
                    continue;
                }
                NDArray x = m.full(new Shape(n, in, size, size), fill);
                NDArray w = m.full(new Shape(out, in, kernel, kernel), fill);
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                    c.backward(Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(padding, padding),
                            new Shape(1, 1), 1).singletonOrThrow().sum());
                }
                x.close();
                w.close();
            }
        }
    }
}
