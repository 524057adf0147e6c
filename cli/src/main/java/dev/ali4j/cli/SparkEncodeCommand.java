package dev.ali4j.cli;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.runtime.image.ImageOptions;
import dev.ali4j.runtime.spark.EncodeImagesJob;
import dev.ali4j.runtime.spark.EncodedColumns;
import dev.ali4j.runtime.spark.ImageFilePartitions;
import dev.ali4j.runtime.spark.LatentEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ali spark-encode}: encodes image files on Spark ({@link LatentEncoder}) and writes one
 * Parquet row per file: {@code path, modificationTime, length, mu, log_sigma, reconstruction_mse,
 * anomaly_score, anomaly_percentile, error}. Local by default ({@code --master local[*]}); any Spark master works if this machine can
 * act as its driver. Exit code 0 when the job succeeded, even if some files were refused (their
 * rows say why); 2 with one line on stderr otherwise.
 *
 * <pre>{@code
 * int exit = new CommandLine(new SparkEncodeCommand()).execute("--bundle", "bundle", "--input", "images/",
 *         "--output", "codes.parquet", "--master", "local[2]");
 * }</pre>
 */
@Command(name = "spark-encode", mixinStandardHelpOptions = true,
        description = {
            "Encodes image files with Apache Spark and writes one Parquet row per file: path, modificationTime,",
            "length, mu, log_sigma, reconstruction_mse (pixels in [0, 1]), anomaly_score (the bundle's primary",
            "score, as ali score gives it), anomaly_percentile (null unless the bundle was calibrated) and error",
            "(why a file has no code: not an image, corrupt, too many pixels; null otherwise). Files are read with Spark's binaryFile",
            "source, recursively; the bundle is verified here and again, once, in each executor JVM."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class SparkEncodeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR",
            description = "Bundle directory (manifest.json, encoder.onnx, generator.onnx).")
    private Path bundle;

    @Option(names = "--input", required = true, paramLabel = "PATH_OR_GLOB",
            description = "A directory (read recursively), a file or a glob such as 'images/*.png'; any path "
                    + "Spark reads (file:, hdfs:, s3a: with the matching Hadoop connector).")
    private String input;

    @Option(names = "--output", required = true, paramLabel = "OUT.parquet",
            description = "Parquet output (a directory of part files, as Spark writes it).")
    private String output;

    @Option(names = "--overwrite", description = "Replace the output if it exists (default: refuse).")
    private boolean overwrite;

    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}, every core of this machine).")
    private String master;

    @Option(names = "--files-per-partition", paramLabel = "N",
            defaultValue = "" + ImageFilePartitions.DEFAULT_FILES,
            description = "About how many files one task reads (default: ${DEFAULT-VALUE}; Spark's own sizing would "
                    + "give 32 small images per task, each task writing a Parquet file).")
    private int filesPerPartition;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + LatentEncoder.DEFAULT_BATCH_SIZE,
            description = "Images per ONNX Runtime call inside a partition (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime threads per task (default: ${DEFAULT-VALUE}; Spark runs a task per core).")
    private int threads;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + ImageOptions.DEFAULT_MAX_PIXELS,
            description = "Refuse images that declare more pixels, before decoding (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "" + LatentEncoder.DEFAULT_MAX_FILE_BYTES,
            description = "Refuse files larger than this, before reading them (default: ${DEFAULT-VALUE}).")
    private long maxFileBytes;

    @Option(names = "--trusted-key", paramLabel = "PUBLIC.pem",
            description = "Encode only if the bundle's manifest.json.sig is a signature by this key (PEM public key, "
                    + "ali keygen), checked on the driver and on every executor; repeat to trust several.")
    private List<Path> trustedKeys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        // Checked before Spark starts: a wrong path fails in a second, not after the session.
        if (!overwrite && !output.contains("://") && Files.exists(Path.of(output))) {
            throw new IllegalArgumentException(output + " exists (pass --overwrite to replace it)");
        }
        List<PublicKey> keys = BundleKeys.readPublicKeys(trustedKeys);
        LatentEncoder encoder = LatentEncoder.builder(bundle).batchSize(batch).threads(threads)
                .imageOptions(ImageOptions.defaults().withMaxPixels(maxPixels)).maxFileBytes(maxFileBytes)
                .trustedKeys(keys).build();
        SparkSession spark = SparkSessions.start(master, "ali spark-encode", filesPerPartition);
        try {
            EncodeImagesJob.run(spark, encoder, input, output, overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
            EncodeImagesJob.Summary summary = EncodeImagesJob.summarize(spark, output);
            spec.commandLine().getOut().printf(Locale.ROOT, "%d files, %d encoded, %d refused (see the %s column), "
                    + "written to %s in %.1f s%n", summary.files(), summary.encoded(), summary.refused(),
                    EncodedColumns.ERROR, output, (System.nanoTime() - start) / 1e9);
            spec.commandLine().getOut().flush();
        } finally {
            spark.stop();
        }
        return 0;
    }
}
