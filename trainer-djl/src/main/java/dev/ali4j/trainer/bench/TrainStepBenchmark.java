package dev.ali4j.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.train.TrainingConfig;
import dev.ali4j.trainer.train.TrainingState;
import dev.ali4j.trainer.objective.ObjectiveStep;

/**
 * Images per second of one full ALI step (D update plus G/E update) on random data, the same
 * measurement as {@code trainer-djl/bench/ali_step_reference.py} makes with PyTorch.
 */
public final class TrainStepBenchmark {

    /**
     * The measurement.
     *
     * @param steps timed steps
     * @param seconds their wall time
     * @param imagesPerSecond steps * batch / seconds
     * @param parameters trainable parameters of E, G and D
     */
    public record Result(int steps, double seconds, double imagesPerSecond, long parameters) {}

    private TrainStepBenchmark() {}

    public static Result run(String architecture, int batch, int warmup, int steps, long seed) {
        Architecture arch = Presets.byName(architecture);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingState state = new TrainingState(arch, TrainingConfig.defaults(), manager);
            LatentNetworks networks = state.networks();
            ObjectiveStep step = state.newStep(null, manager);
            // Data prepared before timing, as in the reference: loading is not measured.
            NDArray images = manager.randomUniform(-1, 1, new Shape(batch, arch.channels(), arch.height(), arch.width()));
            for (int i = 0; i < warmup; i++) {
                runOne(step, images);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                runOne(step, images);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(steps, seconds, steps * (double) batch / seconds, networks.trainableParameterCount());
        }
    }

    private static void runOne(ObjectiveStep step, NDArray images) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            step.run(images, 0f);
        }
    }

    public static void main(String[] args) {
        Result r = run(args.length > 0 ? args[0] : "gray28", 100, 5, 30, 0);
        System.out.printf("%.1f images/s (%d steps, %.2f s)%n", r.imagesPerSecond(), r.steps(), r.seconds());
    }
}
