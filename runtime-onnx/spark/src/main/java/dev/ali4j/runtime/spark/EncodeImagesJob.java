package dev.ali4j.runtime.spark;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.runtime.image.ImageOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Image files to a Parquet table of codes: read with the {@code binaryFile} source (recursively),
 * encoded by a {@link LatentEncoder}, written without the image bytes, one row per file
 * ({@code path, modificationTime, length, mu, log_sigma, reconstruction_mse, anomaly_score,
 * anomaly_percentile, error}). The job
 * behind {@code ali spark-encode}, and a ready-made driver for {@code spark-submit}:
 *
 * <pre>{@code
 * spark-submit --class dev.ali4j.runtime.spark.EncodeImagesJob ali4j-spark-VERSION-spark-submit.jar \
 *     --bundle /data/bundle --input 'hdfs:///images/**.png' --output hdfs:///codes.parquet
 * }</pre>
 *
 * or from Java: {@code EncodeImagesJob.run(spark, encoder, "images/", "codes.parquet", SaveMode.ErrorIfExists)}.
 */
public final class EncodeImagesJob {
    private static final List<String> FLAGS = List.of("--overwrite");
    private static final List<String> OPTIONS = List.of("--bundle", "--input", "--output", "--batch", "--threads",
            "--max-pixels", "--max-file-bytes", "--files-per-partition", "--trusted-keys");

    private EncodeImagesJob() {
    }

    /**
     * How many files the output holds and how many of them were refused.
     *
     * @param files rows written, one per file
     * @param refused rows with an error
     */
    public record Summary(long files, long refused) {
        /** @return rows with codes */
        public long encoded() {
            return files - refused;
        }
    }

    /**
     * Reads, encodes and writes; lazy until the write, which runs one Spark job.
     *
     * @param input a directory (read recursively), a file or a glob, any path Spark reads
     * @param output where the Parquet table goes
     * @param mode what to do if it exists
     */
    public static void run(SparkSession spark, LatentEncoder encoder, String input, String output, SaveMode mode) {
        // No dictionary encoding: codes are distinct floats, so a dictionary never pays, and Parquet
        // would hash every value before falling back to plain encoding at the end of each row group.
        encoder.transformFiles(list(spark, input)).write().mode(mode).option("parquet.enable.dictionary", false)
                .parquet(output);
    }

    /**
     * The files under {@code input} (recursively), listed now: {@code path, modificationTime,
     * length}. Without its {@code content} column the {@code binaryFile} source never opens a
     * file, and each task of {@link LatentEncoder#transformFiles} reads its files itself, at a
     * fraction of the cost. The scan still looks each file up: one deleted since the listing is
     * left out rather than failing the job.
     */
    public static Dataset<Row> list(SparkSession spark, String input) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("ignoreMissingFiles", "true").load(input).drop(LatentEncoder.DEFAULT_INPUT_COLUMN);
    }

    /** @return the rows of a table {@link #run} wrote, and how many have an error */
    public static Summary summarize(SparkSession spark, String output) {
        Dataset<Row> written = spark.read().parquet(output);
        return new Summary(written.count(), written.filter(written.col(EncodedColumns.ERROR).isNotNull()).count());
    }

    /**
     * The {@code spark-submit} entry point: {@code --bundle DIR --input PATH --output OUT} and
     * optionally {@code --batch N --threads N --max-pixels N --max-file-bytes N --files-per-partition N --overwrite
     * --trusted-keys A.pem,B.pem} (the bundle must then be signed by one of those keys).
     * The bundle directory must be readable by the driver (client mode: this machine; cluster
     * mode: ship it with {@code --archives bundle.zip#bundle} and pass {@code --bundle bundle}).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        LatentEncoder encoder = LatentEncoder.builder(Path.of(a.get("--bundle")))
                .batchSize(Integer.parseInt(a.getOrDefault("--batch", "" + LatentEncoder.DEFAULT_BATCH_SIZE)))
                .threads(Integer.parseInt(a.getOrDefault("--threads", "1")))
                .imageOptions(ImageOptions.defaults().withMaxPixels(Long.parseLong(a.getOrDefault("--max-pixels",
                        "" + ImageOptions.DEFAULT_MAX_PIXELS))))
                .maxFileBytes(Long.parseLong(a.getOrDefault("--max-file-bytes", "" + LatentEncoder.DEFAULT_MAX_FILE_BYTES)))
                .trustedKeys(readKeys(a.getOrDefault("--trusted-keys", "")))
                .build();
        SparkSession spark = SparkSession.builder().appName("ali4j encode images").getOrCreate();
        try {
            ImageFilePartitions.set(spark, Integer.parseInt(a.getOrDefault("--files-per-partition",
                    "" + ImageFilePartitions.DEFAULT_FILES)));
            long start = System.nanoTime();
            run(spark, encoder, a.get("--input"), a.get("--output"),
                    a.containsKey("--overwrite") ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            Summary summary = summarize(spark, a.get("--output"));
            System.out.printf(Locale.ROOT, "%d files, %d encoded, %d refused (see the %s column), written to %s in "
                    + "%.1f s%n", summary.files(), summary.encoded(), summary.refused(), EncodedColumns.ERROR,
                    a.get("--output"), (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }

    private static List<PublicKey> readKeys(String files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String file : files.split(",")) {
            if (!file.isBlank()) {
                paths.add(Path.of(file.trim()));
            }
        }
        return BundleKeys.readPublicKeys(paths);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (FLAGS.contains(args[i])) {
                a.put(args[i], "true");
            } else if (OPTIONS.contains(args[i]) && i + 1 < args.length) {
                a.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument '" + args[i] + "'; usage: --bundle "
                        + "DIR --input PATH --output OUT [--batch N] [--threads N] [--max-pixels N] [--max-file-bytes N] "
                        + "[--files-per-partition N] [--overwrite] [--trusted-keys A.pem,B.pem]");
            }
        }
        for (String required : List.of("--bundle", "--input", "--output")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required + " (given: " + Arrays.toString(args) + ")");
            }
        }
        return a;
    }
}
