package dev.ali4j.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.runtime.spark.ImageFilePartitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code ali bench spark}: the options and the report of {@link SparkBenchmark}. Registered under
 * {@code ali bench} by {@code BenchCommand}.
 */
/** {@code ali bench spark}: the same image files encoded by Spark in local mode and by one JVM. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"The same image files (PNG, written first: 20,000 Fashion-MNIST images by default) "
                + "encoded by Spark in local mode (binaryFile source, LatentEncoder, Parquet output) and by the "
                + "runtime in one JVM (OnnxLatentModel in batches, as many worker threads as Spark has task "
                + "slots), each in a fresh JVM, two passes (JIT cold, then warm): images/s and images per "
                + "CPU-second and their ratios, startup (session start, bundle load) and peak RSS."})
public final class SparkBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The command line's writer: every line of the report goes there. */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }


    @Option(names = "--bundle", paramLabel = "DIR", defaultValue = "demo-out/bundle",
            description = "Bundle to encode with (default: ${DEFAULT-VALUE}, made by ./ali demo).")
    Path bundle;

    @Option(names = "--images", paramLabel = "N", defaultValue = "20000",
            description = "Image files to encode (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--data", paramLabel = "SPEC", defaultValue = "fashion-mnist",
            description = "Where the images come from, as train --data (default: ${DEFAULT-VALUE}, Debian's "
                    + "dataset-fashion-mnist; 'embedded' repeats the jar's 9,000).")
    String data;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "Write the images K times larger (nearest neighbour), so that decoding and resizing them "
                    + "cost what photos of that size cost; 8 gives 224x224 (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000",
            description = "Untimed images each side encodes first: loads the model, warms the JIT (default: "
                    + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--master", defaultValue = "local[2]",
            description = "Spark's local master; the single JVM runs as many worker threads (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--files-per-partition", paramLabel = "N",
            defaultValue = "" + ImageFilePartitions.DEFAULT_FILES,
            description = "About how many files one Spark task reads, as for spark-encode (default: ${DEFAULT-VALUE}).")
    int filesPerPartition;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Images per ONNX Runtime call, both sides (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Rounds; each runs the single JVM, then Spark, so that drifting load on a shared machine "
                    + "hits both alike (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--heap", defaultValue = "2g", description = "-Xmx of each side's JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || warmup < 1 || batch < 1 || rounds < 1 || scale < 1) {
            throw new IllegalArgumentException("need --images, --warmup, --batch, --rounds and --scale of at least 1");
        }
        int slots = SparkBenchmark.cores(master);
        if (!Files.isRegularFile(bundle.resolve(BundleManifest.FILE_NAME))) {
            throw new IOException(bundle + ": no bundle there (run ./ali demo first, or pass --bundle DIR)");
        }
        Path work = Files.createTempDirectory("ali4j-bench-spark");
        try {
            long start = System.nanoTime();
            String what = BenchImages.write(data, images, scale, work.resolve("images"));
            BenchImages.write(data, warmup, scale, work.resolve("warmup"));
            double loadBefore = RuntimeBenchmark.loadAverage();
            out().printf(Locale.ROOT, "ali bench spark: %s (written in %.1f s), bundle %s, batch %d, %s (about "
                    + "%d files per task) against one JVM with %d worker threads, -Xmx%s each, load average %.2f on %d "
                    + "cores%n", what, (System.nanoTime() - start) / 1e9, bundle, batch, master, filesPerPartition,
                    slots, heap, loadBefore, Runtime.getRuntime().availableProcessors());
            out().printf(Locale.ROOT, "  %-24s %19s %19s %10s %7s %10s %9s %6s%n", "",
                    "1st pass images/s", "2nd pass images/s", "session s", "load s", "startup s", "peak RSS", "tasks");
            out().printf(Locale.ROOT, "  %-24s %19s %19s%n", "", "(per CPU-second)", "(per CPU-second)");
            List<SparkBenchmark.Result> singles = new ArrayList<>();
            List<SparkBenchmark.Result> sparks = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                singles.add(row("single JVM, round " + r, side("single-jvm", work)));
                sparks.add(row("Spark " + master + ", round " + r, side("spark", work)));
            }
            Rates single = Rates.of(singles);
            Rates spark = Rates.of(sparks);
            out().printf(Locale.ROOT, "  1st pass (JIT cold): single JVM %.0f images/s, Spark %.0f: ratio %.2f; per "
                    + "CPU-second %.0f and %.0f: ratio %.2f%n", single.first, spark.first, spark.first / single.first,
                    single.firstCpu, spark.firstCpu, spark.firstCpu / single.firstCpu);
            out().printf(Locale.ROOT, "  2nd pass (JIT warm): single JVM %.0f images/s, Spark %.0f: ratio %.2f "
                    + "(target 0.8); per CPU-second %.0f and %.0f: ratio %.2f%n", single.second, spark.second,
                    spark.second / single.second, single.secondCpu, spark.secondCpu, spark.secondCpu / single.secondCpu);
            out().printf(Locale.ROOT, "  (per CPU-second: images per second of the JVM's CPU time, JIT and GC "
                    + "included; on a shared machine it does not depend on the share of the cores a side got)%n");
            out().printf(Locale.ROOT, "  per task slot, 2nd pass: single JVM %.0f, Spark %.0f images/s%n",
                    single.second / slots, spark.second / slots);
            double loadAfter = RuntimeBenchmark.loadAverage();
            out().printf(Locale.ROOT, "load average at the end: %.2f%n", loadAfter);
            if (json != null) {
                writeJson(what, slots, singles, sparks, single, spark, loadBefore, loadAfter);
            }
            long refused = Stream.concat(singles.stream(), sparks.stream()).mapToLong(SparkBenchmark.Result::refused)
                    .sum();
            boolean onceEach = sparks.stream().allMatch(s -> s.loads() == 1);
            if (!onceEach) {
                out().println("the bundle was loaded more than once in a Spark JVM");
            }
            return refused == 0 && onceEach ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private SparkBenchmark.Result side(String engine, Path work) throws IOException, InterruptedException {
        return SparkBenchmark.inChildJvm(engine, bundle, work.resolve("images"), work.resolve("warmup"), master, batch,
                filesPerPartition, heap, work.resolve("out"));
    }

    private SparkBenchmark.Result row(String label, SparkBenchmark.Result r) {
        out().printf(Locale.ROOT, "  %-24s %8.0f (%8.0f) %8.0f (%8.0f) %10.2f %7.2f %10.2f %5.0f MiB %6d%n", label,
                r.images() / r.first().seconds(), r.images() / r.first().cpuSeconds(),
                r.images() / r.second().seconds(), r.images() / r.second().cpuSeconds(), r.sessionSeconds(),
                r.loadSeconds(), r.startupSeconds(), r.peakRssBytes() / 1048576.0, r.partitions());
        return r;
    }

    /** Images per wall and per CPU second of each pass, all rounds together. */
    private record Rates(double first, double firstCpu, double second, double secondCpu) {
        static Rates of(List<SparkBenchmark.Result> rounds) {
            return new Rates(per(rounds, r -> r.first().seconds()), per(rounds, r -> r.first().cpuSeconds()),
                    per(rounds, r -> r.second().seconds()), per(rounds, r -> r.second().cpuSeconds()));
        }

        private static double per(List<SparkBenchmark.Result> rounds, ToDoubleFunction<SparkBenchmark.Result> seconds) {
            return rounds.stream().mapToLong(SparkBenchmark.Result::images).sum()
                    / rounds.stream().mapToDouble(seconds).sum();
        }
    }

    private void writeJson(String what, int slots, List<SparkBenchmark.Result> singles,
            List<SparkBenchmark.Result> sparks, Rates single, Rates spark, double loadBefore, double loadAfter)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("images", what).put("scale", scale).put("bundle", bundle.toString()).put("master", master).put("task_slots", slots)
                .put("batch", batch).put("files_per_partition", filesPerPartition).put("heap", heap);
        out.set("single_jvm", mapper.valueToTree(singles));
        out.set("spark", mapper.valueToTree(sparks));
        out.set("single_jvm_images_per_second", mapper.valueToTree(single));
        out.set("spark_images_per_second", mapper.valueToTree(spark));
        out.put("ratio_first_pass", spark.first / single.first).put("ratio_second_pass", spark.second / single.second)
                .put("ratio_second_pass_per_cpu_second", spark.secondCpu / single.secondCpu);
        out.put("load_average_before", loadBefore).put("load_average_after", loadAfter);
        byte[] bytes = mapper.writeValueAsBytes(out);
        AtomicFiles.write(json, stream -> stream.write(bytes));
    }
}
