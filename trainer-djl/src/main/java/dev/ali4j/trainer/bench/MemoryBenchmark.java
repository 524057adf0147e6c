package dev.ali4j.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.runtime.ProcessMemory;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.objective.ObjectiveStep;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.objective.Stabilisers;
import dev.ali4j.trainer.train.TrainingConfig;
import dev.ali4j.trainer.train.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does memory stay flat over a long run? Trains for {@code steps} steps and reads the process's
 * peak resident set size (VmHWM) after the first tenth of them and at the end.
 *
 * <p>{@link #measure} runs this in a fresh JVM whose heap is fixed and touched up front, so that
 * the Java heap's own growth cannot pass for a leak: what grows is native memory (libtorch
 * tensors that no scope freed, the allocator's caches).
 */
public final class MemoryBenchmark {

    private static final Pattern LINE = Pattern.compile("peak_rss_kb step=(\\d+) kb=(\\d+)");

    /** Peak RSS after {@code early} steps and after all {@code steps}. */
    public record Result(String architecture, String objective, int batch, int early, int steps, long earlyKb,
            long finalKb) {
        /** finalKb / earlyKb. */
        public double growth() {
            return finalKb / (double) earlyKb;
        }
    }

    private MemoryBenchmark() {}

    /**
     * Runs the benchmark in a child JVM (same class path, heap {@code heapMb} MB, pre-touched,
     * one PyTorch thread) and returns what it printed.
     */
    public static Result measure(String architecture, String objective, int batch, int steps, int heapMb)
            throws IOException, InterruptedException {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            throw new IllegalStateException("the memory benchmark reads /proc/self/status (Linux only)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+AlwaysPreTouch",
                // The same JVM on any machine: JIT and GC threads and malloc arenas grow with the cores.
                "-XX:ActiveProcessorCount=2", "-XX:CICompilerCount=2",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                MemoryBenchmark.class.getName(), architecture, objective, Integer.toString(batch),
                Integer.toString(steps)));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put("MALLOC_ARENA_MAX", "2");
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("memory benchmark failed:\n" + output);
        }
        List<long[]> points = new ArrayList<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            points.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        if (points.size() != 2) {
            throw new IOException("memory benchmark printed no measurements:\n" + output);
        }
        return new Result(architecture, objective, batch, (int) points.get(0)[0], steps, points.get(0)[1],
                points.get(1)[1]);
    }

    /** Child JVM: ARCH OBJECTIVE BATCH STEPS. */
    public static void main(String[] args) throws IOException {
        String architecture = args[0];
        String objective = args[1];
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int early = Math.max(1, steps / 10);
        Architecture arch = Presets.byName(architecture);
        TrainingConfig config = TrainingConfig.builder().architecture(architecture).epochs(1).batchSize(batch).seed(1)
                .objective(objective).build();
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingState state = new TrainingState(arch, config, manager);
            ObjectiveStep step = state.newStep(null, manager);
            Shape shape = new Shape(batch, arch.channels(), arch.height(), arch.width());
            for (int s = 1; s <= steps; s++) {
                // As in LatentModelTrainer: every step's arrays live in a scope that closes with it.
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray images = manager.randomUniform(-1, 1, shape);
                    step.run(images, 0f);
                    state.average().update();
                }
                if (s == early || s == steps) {
                    System.out.println("peak_rss_kb step=" + s + " kb=" + ProcessMemory.peakRssBytes().orElse(-1024) / 1024);
                }
            }
        }
    }
}
