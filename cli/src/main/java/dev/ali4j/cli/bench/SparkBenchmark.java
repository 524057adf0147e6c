package dev.ali4j.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.cli.SparkSessions;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.ProcessMemory;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.runtime.image.ImageOptions;
import dev.ali4j.runtime.spark.EncodeImagesJob;
import dev.ali4j.runtime.spark.EncodedImage;
import dev.ali4j.runtime.spark.ExecutorModels;
import dev.ali4j.runtime.spark.ImageBatchEncoder;
import dev.ali4j.runtime.spark.LatentEncoder;
import dev.ali4j.runtime.spark.SparkJvmOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One side of {@code ali bench spark}, each in a JVM of its own so that its peak RSS is its own:
 * the same image files encoded by Spark in local mode ({@link LatentEncoder}, binaryFile source to
 * Parquet) or by the runtime in one JVM ({@link OnnxLatentModel} through the same
 * {@link ImageBatchEncoder}, one worker thread per Spark task slot). Both sides first run a
 * small warm-up set (which loads the model), then two timed passes over all the files: the first
 * with a cold JIT, the second warm. A pass covers listing, reading, decoding, encoding,
 * reconstruction error and, for Spark, scheduling and writing Parquet; the single JVM keeps its
 * results in memory.
 *
 * <pre>{@code
 * SparkBenchmark.Result spark = SparkBenchmark.inChildJvm("spark", bundle, images, warmup, "local[2]", 64, 1000, "2g", out);
 * }</pre>
 */
public final class SparkBenchmark {
    private static final Pattern LOCAL_CORES = Pattern.compile("local\\[(\\d+|\\*)]");

    private SparkBenchmark() {
    }

    /**
     * One timed pass over the image files.
     *
     * @param seconds wall time
     * @param cpuSeconds CPU time of the whole JVM meanwhile (all its threads: tasks, JIT, GC)
     */
    public record Pass(double seconds, double cpuSeconds) {
    }

    /**
     * One side's measurement: two passes over the same files in one JVM, the first with a cold
     * JIT (after a small warm-up set), the second warm.
     *
     * @param engine {@code spark} or {@code single-jvm}
     * @param images files per pass
     * @param refused files with an error in the second pass (0 for a clean set)
     * @param first the first pass
     * @param second the second pass
     * @param sessionSeconds Spark session start (0 for the single JVM)
     * @param loadSeconds bundle verification and load
     * @param peakRssBytes the JVM's peak resident set size (VmHWM)
     * @param loads bundle loads in the JVM (1 expected)
     * @param partitions Spark partitions (tasks) per pass; worker threads for the single JVM
     */
    public record Result(String engine, long images, long refused, Pass first, Pass second, double sessionSeconds,
            double loadSeconds, long peakRssBytes, int loads, int partitions) {
        /** @return session start plus bundle load */
        public double startupSeconds() {
            return sessionSeconds + loadSeconds;
        }
    }

    /**
     * Runs one side in a fresh JVM (this one's Java and class path, Spark's JVM options).
     *
     * @param engine {@code spark} or {@code single-jvm}
     * @param output scratch directory for Spark's Parquet output
     */
    static Result inChildJvm(String engine, Path bundle, Path images, Path warmup, String master, int batch,
            int filesPerPartition, String heap, Path output) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(SparkJvmOptions.all());
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error",
                "-cp", System.getProperty("java.class.path"), SparkBenchmark.class.getName(),
                engine, bundle.toString(), images.toString(), warmup.toString(), master, Integer.toString(batch),
                Integer.toString(filesPerPartition), output.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // Local mode: the driver on loopback, without Spark's warning about the host name.
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last = line;
            }
        }
        int code = process.waitFor();
        if (code != 0 || last == null) {
            throw new IOException("the " + engine + " benchmark failed (exit " + code + "): " + String.join(" ", command));
        }
        return new ObjectMapper().readValue(last, Result.class);
    }

    /** Entry point of the child JVM: prints its {@link Result} as the last line of JSON. */
    public static void main(String[] args) throws Exception {
        String engine = args[0];
        Path bundle = Path.of(args[1]);
        Path images = Path.of(args[2]);
        Path warmup = Path.of(args[3]);
        String master = args[4];
        int batch = Integer.parseInt(args[5]);
        int filesPerPartition = Integer.parseInt(args[6]);
        Path output = Path.of(args[7]);
        Result result = "spark".equals(engine) ? spark(bundle, images, warmup, master, batch, filesPerPartition, output)
                : single(bundle, images, warmup, cores(master), batch);
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.exit(0); // Spark and ONNX Runtime leave non-daemon threads behind
    }

    /** @return the task slots of a local master, {@code local[4]} -> 4, {@code local[*]} -> the cores */
    static int cores(String master) {
        Matcher m = LOCAL_CORES.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("the benchmark runs a local master, local[N] or local[*], got " + master);
        }
        return "*".equals(m.group(1)) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    static Result spark(Path bundle, Path images, Path warmup, String master, int batch, int filesPerPartition,
            Path output) throws Exception {
        long start = System.nanoTime();
        SparkSession spark = SparkSessions.start(master, "ali bench spark", filesPerPartition);
        double session = (System.nanoTime() - start) / 1e9;
        try {
            LatentEncoder encoder = LatentEncoder.builder(bundle).batchSize(batch).build();
            String codes = output.resolve("codes.parquet").toString();
            EncodeImagesJob.run(spark, encoder, warmup.toString(), codes, SaveMode.Overwrite);
            Pass first = timed(() -> EncodeImagesJob.run(spark, encoder, images.toString(), codes, SaveMode.Overwrite));
            Pass second = timed(() -> EncodeImagesJob.run(spark, encoder, images.toString(), codes, SaveMode.Overwrite));
            EncodeImagesJob.Summary written = EncodeImagesJob.summarize(spark, codes);
            int partitions = spark.read().format("binaryFile").load(images.toString()).rdd().getNumPartitions();
            return new Result("spark", written.files(), written.refused(), first, second, session,
                    ExecutorModels.loadSeconds(), ProcessMemory.peakRssBytes().orElse(-1), ExecutorModels.loads(),
                    partitions);
        } finally {
            spark.stop();
        }
    }

    static Result single(Path bundle, Path images, Path warmup, int workers, int batch) throws Exception {
        long start = System.nanoTime();
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle, RuntimeOptions.builder().intraOpThreads(1).build())) {
            double load = (System.nanoTime() - start) / 1e9;
            ImageBatchEncoder encoder = new ImageBatchEncoder(model, ImageOptions.defaults());
            encodeAll(encoder, list(warmup), workers, batch);
            long[] counts = new long[2];
            Pass first = timed(() -> counts[0] = encodeAll(encoder, list(images), workers, batch));
            Pass second = timed(() -> counts[1] = encodeAll(encoder, list(images), workers, batch));
            return new Result("single-jvm", list(images).size(), counts[1], first, second, 0, load,
                    ProcessMemory.peakRssBytes().orElse(-1), 1, workers);
        }
    }

    /** Times a pass: wall clock and this JVM's CPU time. Listing the files is part of the pass. */
    private static Pass timed(Work work) throws Exception {
        double cpu = cpuSeconds();
        long start = System.nanoTime();
        work.run();
        return new Pass((System.nanoTime() - start) / 1e9, cpuSeconds() - cpu);
    }

    /** A pass's work. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Encodes the files on {@code workers} threads, each taking a contiguous share (as Spark's
     * partitions do) in batches; keeps every code, as a caller would.
     *
     * @return how many files were refused
     */
    private static long encodeAll(ImageBatchEncoder encoder, List<Path> files, int workers, int batch)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<EncodedImage>>> shares = new ArrayList<>();
            int share = (files.size() + workers - 1) / workers;
            for (int from = 0; from < files.size(); from += share) {
                List<Path> mine = files.subList(from, Math.min(from + share, files.size()));
                shares.add(pool.submit(() -> encodeShare(encoder, mine, batch)));
            }
            long refused = 0;
            for (Future<List<EncodedImage>> f : shares) {
                refused += f.get().stream().filter(e -> !e.ok()).count();
            }
            return refused;
        } finally {
            pool.shutdown();
        }
    }

    private static List<EncodedImage> encodeShare(ImageBatchEncoder encoder, List<Path> files, int batch)
            throws IOException {
        List<EncodedImage> out = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += batch) {
            List<Path> chunk = files.subList(from, Math.min(from + batch, files.size()));
            List<String> names = new ArrayList<>(chunk.size());
            List<byte[]> contents = new ArrayList<>(chunk.size());
            for (Path file : chunk) {
                names.add(file.toString());
                contents.add(Files.readAllBytes(file));
            }
            out.addAll(encoder.encode(names, contents));
        }
        return out;
    }
}
