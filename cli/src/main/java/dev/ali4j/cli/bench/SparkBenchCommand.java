package dev.ali4j.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.cli.SparkSessions;
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
import picocli.CommandLine.Option;

/**
 * {@code ali bench spark}: the options and the report of {@link SparkBenchmark}. Registered under
 * {@code ali bench} by {@code BenchCommand}.
 */
public class SparkBenchCommand implements Callable<Integer> {

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

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000",
            description = "Untimed images each side encodes first: loads the model, warms the JIT (default: "
                    + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--master", defaultValue = "local[2]",
            description = "Spark's local master; the single JVM runs as many worker threads (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--files-per-partition", paramLabel = "N",
            defaultValue = "" + SparkSessions.DEFAULT_FILES_PER_PARTITION,
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
        if (images < 1 || warmup < 1 || batch < 1 || rounds < 1) {
            throw new IllegalArgumentException("need --images, --warmup, --batch and --rounds of at least 1");
        }
        int slots = SparkBenchmark.cores(master);
        if (!Files.isRegularFile(bundle.resolve(BundleManifest.FILE_NAME))) {
            throw new IOException(bundle + ": no bundle there (run ./ali demo first, or pass --bundle DIR)");
        }
        Path work = Files.createTempDirectory("ali4j-bench-spark");
        try {
            long start = System.nanoTime();
            String what = BenchImages.write(data, images, work.resolve("images"));
            BenchImages.write(data, warmup, work.resolve("warmup"));
            double loadBefore = RuntimeBenchmark.loadAverage();
            System.out.printf(Locale.ROOT, "ali bench spark: %s (written in %.1f s), bundle %s, batch %d, %s (about "
                    + "%d files per task) against one JVM with %d worker threads, -Xmx%s each, load average %.2f on %d "
                    + "cores%n", what, (System.nanoTime() - start) / 1e9, bundle, batch, master, filesPerPartition,
                    slots, heap, loadBefore, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  %-24s %9s %8s %12s %10s %7s %10s %9s %6s%n", "", "images/s", "seconds",
                    "images/CPU-s", "session s", "load s", "startup s", "peak RSS", "tasks");
            List<SparkBenchmark.Result> singles = new ArrayList<>();
            List<SparkBenchmark.Result> sparks = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                singles.add(row("single JVM, round " + r, side("single-jvm", work)));
                sparks.add(row("Spark " + master + ", round " + r, side("spark", work)));
            }
            double single = perSecond(singles, SparkBenchmark.Result::seconds);
            double spark = perSecond(sparks, SparkBenchmark.Result::seconds);
            double singleCpu = perSecond(singles, SparkBenchmark.Result::cpuSeconds);
            double sparkCpu = perSecond(sparks, SparkBenchmark.Result::cpuSeconds);
            System.out.printf(Locale.ROOT, "  all rounds: single JVM %.0f images/s, Spark %.0f images/s: ratio Spark / "
                    + "single JVM %.2f (target 0.8)%n", single, spark, spark / single);
            System.out.printf(Locale.ROOT, "  per CPU-second: single JVM %.0f, Spark %.0f images: ratio %.2f (what the "
                    + "ratio would be with the cores to themselves)%n", singleCpu, sparkCpu, sparkCpu / singleCpu);
            System.out.printf(Locale.ROOT, "  per task slot: single JVM %.0f, Spark %.0f images/s%n", single / slots,
                    spark / slots);
            double loadAfter = RuntimeBenchmark.loadAverage();
            System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAfter);
            if (json != null) {
                writeJson(what, slots, singles, sparks, single, spark, singleCpu, sparkCpu, loadBefore, loadAfter);
            }
            long refused = Stream.concat(singles.stream(), sparks.stream()).mapToLong(SparkBenchmark.Result::refused)
                    .sum();
            boolean onceEach = sparks.stream().allMatch(s -> s.loads() == 1);
            if (!onceEach) {
                System.out.println("the bundle was loaded more than once in a Spark JVM");
            }
            return refused == 0 && onceEach ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private SparkBenchmark.Result side(String engine, Path work) throws IOException, InterruptedException {
        return SparkBenchmark.inChildJvm(engine, bundle, work.resolve("images"), work.resolve("warmup"), master, batch,
                filesPerPartition, heap, work.resolve("out"));
    }

    private static SparkBenchmark.Result row(String label, SparkBenchmark.Result r) {
        System.out.printf(Locale.ROOT, "  %-24s %9.0f %8.2f %12.0f %10.2f %7.2f %10.2f %5.0f MiB %6d%n", label,
                r.imagesPerSecond(), r.seconds(), r.imagesPerCpuSecond(), r.sessionSeconds(), r.loadSeconds(),
                r.startupSeconds(), r.peakRssBytes() / 1048576.0, r.partitions());
        return r;
    }

    /** Images over (wall or CPU) seconds, all rounds together. */
    private static double perSecond(List<SparkBenchmark.Result> rounds,
            ToDoubleFunction<SparkBenchmark.Result> seconds) {
        return rounds.stream().mapToLong(SparkBenchmark.Result::images).sum()
                / rounds.stream().mapToDouble(seconds).sum();
    }

    private void writeJson(String what, int slots, List<SparkBenchmark.Result> singles,
            List<SparkBenchmark.Result> sparks, double single, double spark, double singleCpu, double sparkCpu,
            double loadBefore, double loadAfter) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("images", what).put("bundle", bundle.toString()).put("master", master).put("task_slots", slots)
                .put("batch", batch).put("heap", heap);
        out.set("single_jvm", mapper.valueToTree(singles));
        out.set("spark", mapper.valueToTree(sparks));
        out.put("single_jvm_images_per_second", single).put("spark_images_per_second", spark)
                .put("ratio", spark / single);
        out.put("single_jvm_images_per_cpu_second", singleCpu).put("spark_images_per_cpu_second", sparkCpu)
                .put("ratio_per_cpu_second", sparkCpu / singleCpu);
        out.put("load_average_before", loadBefore).put("load_average_after", loadAfter);
        byte[] bytes = mapper.writeValueAsBytes(out);
        AtomicFiles.write(json, stream -> stream.write(bytes));
    }
}
