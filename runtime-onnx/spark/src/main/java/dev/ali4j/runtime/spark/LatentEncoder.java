package dev.ali4j.runtime.spark;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.VerifiedBundle;
import dev.ali4j.runtime.image.ImageOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Encodes a DataFrame of image files with a bundle: to each row it adds the image's code
 * ({@code mu}, {@code log_sigma}), its reconstruction error ({@code reconstruction_mse}), its
 * anomaly score and percentile ({@code anomaly_score}, {@code anomaly_percentile}) and an
 * {@code error} column that says why an image has none ({@link EncodedColumns}). Input is a
 * binary column of encoded images (PNG, JPEG, BMP, GIF, WebP, TIFF), as Spark's
 * {@code binaryFile} source gives them ({@code path, modificationTime, length, content}). A
 * corrupt, unreadable or oversized image yields a row with its error, never a failed job.
 *
 * <p>How it runs: {@link Builder#build()} reads and verifies the bundle on the driver and zips it;
 * {@link #transform} broadcasts the zip and maps each partition. On each executor the first task
 * verifies the bundle again (SHA-256 of every file against the manifest) and loads it; every
 * later task, partition and job in that JVM reuses the model ({@link ExecutorModels}). Inside a
 * partition images are decoded one by one and encoded {@link Builder#batchSize} at a time. Each
 * task calls ONNX Runtime on {@link Builder#threads} threads (default 1: Spark already runs one
 * task per core).
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().appName("encode").getOrCreate();
 * Dataset<Row> images = spark.read().format("binaryFile").option("pathGlobFilter", "*.png")
 *         .load("hdfs:///images/");
 * LatentEncoder encoder = LatentEncoder.builder(Path.of("bundle")).batchSize(64).build();
 * encoder.transform(images).drop("content").write().parquet("hdfs:///codes.parquet");
 * }</pre>
 */
public final class LatentEncoder {
    /** Default input column: the {@code binaryFile} source's. */
    public static final String DEFAULT_INPUT_COLUMN = "content";
    /** Default column naming an image in error messages: the {@code binaryFile} source's. */
    public static final String DEFAULT_NAME_COLUMN = "path";
    /** Default images per network call. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Default column of listed file lengths for {@link #transformFiles}: the {@code binaryFile} source's. */
    public static final String DEFAULT_LENGTH_COLUMN = "length";
    /** Default size budget of one file read by {@link #transformFiles}: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    private final ZippedBundle bundle;
    private final BundleManifest manifest;
    private final String inputColumn;
    private final String nameColumn;
    private final int batchSize;
    private final int threads;
    private final ImageOptions imageOptions;
    private final long maxFileBytes;
    private final List<String> trustedKeys;

    private LatentEncoder(Builder b, ZippedBundle bundle, BundleManifest manifest) {
        this.bundle = bundle;
        this.manifest = manifest;
        this.inputColumn = b.inputColumn;
        this.nameColumn = b.nameColumn;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.imageOptions = b.imageOptions;
        this.maxFileBytes = b.maxFileBytes;
        this.trustedKeys = b.trustedKeys.stream().map(BundleKeys::pem).toList();
    }

    /**
     * @param bundleDir a bundle directory readable by the driver
     * @return a builder with the defaults
     */
    public static Builder builder(Path bundleDir) {
        return new Builder(bundleDir);
    }

    /**
     * Adds the encoded columns. Lazy, like any DataFrame transformation: nothing runs until an
     * action (a write, a count). Each call broadcasts the bundle anew; executors that loaded it
     * already keep their model.
     *
     * @param images rows with the input column (binary)
     * @return the rows with {@link EncodedColumns} appended, one output row per input row
     * @throws IllegalArgumentException if the input column is missing or not binary, or an
     *     added column exists already
     */
    public Dataset<Row> transform(Dataset<Row> images) {
        StructType input = images.schema();
        StructType output = transformSchema(input);
        Broadcast<ZippedBundle> shipped = JavaSparkContext.fromSparkContext(images.sparkSession().sparkContext())
                .broadcast(bundle);
        int nameIndex = Arrays.asList(input.fieldNames()).indexOf(nameColumn);
        PartitionEncoder encoder = new PartitionEncoder(shipped, input.fieldIndex(inputColumn), nameIndex, batchSize,
                threads, imageOptions, trustedKeys);
        return images.mapPartitions(encoder, Encoders.row(output));
    }

    /**
     * Like {@link #transform}, for a listing of image files instead of their bytes: each task
     * reads the files its rows name ({@link Builder#nameColumn}, a string column of paths) with
     * {@code java.nio} when they are local and through Hadoop's file system otherwise, after
     * checking the listed length ({@value #DEFAULT_LENGTH_COLUMN}, when the input has it) against
     * {@link Builder#maxFileBytes}. A missing, unreadable or oversized file gives a row with its
     * error. For many small images this is cheaper than the {@code binaryFile} source's own
     * reading, which opens every file through Hadoop with a 64 KB buffer; a listing from that
     * source without its {@code content} column never opens the files (its scan still looks each
     * one up: with {@code ignoreMissingFiles} a file deleted since the listing is left out, without
     * it the job fails):
     *
     * <pre>{@code
     * Dataset<Row> files = spark.read().format("binaryFile").option("ignoreMissingFiles", "true")
     *         .load("hdfs:///images/").drop("content");
     * encoder.transformFiles(files).write().parquet("hdfs:///codes.parquet");
     * }</pre>
     *
     * @param files rows with the path column
     * @return the rows with {@link EncodedColumns} appended, one output row per input row
     * @throws IllegalArgumentException if the path column is missing or not a string, or an
     *     added column exists already
     */
    public Dataset<Row> transformFiles(Dataset<Row> files) {
        StructType input = files.schema();
        List<String> names = Arrays.asList(input.fieldNames());
        if (!names.contains(nameColumn) || !input.apply(nameColumn).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("no string column '" + nameColumn + "' of file paths; the input has "
                    + input.simpleString() + " (list images with spark.read().format(\"binaryFile\"))");
        }
        int lengthIndex = names.indexOf(DEFAULT_LENGTH_COLUMN);
        if (lengthIndex >= 0 && !input.apply(DEFAULT_LENGTH_COLUMN).dataType().equals(DataTypes.LongType)) {
            lengthIndex = -1; // not a listed length: the budget is checked while reading
        }
        StructType output = EncodedColumns.appendTo(input);
        // The session's Hadoop settings (spark.hadoop.*, and fs.* set on the session), as its file sources use.
        JavaSparkContext context = JavaSparkContext.fromSparkContext(files.sparkSession().sparkContext());
        Broadcast<SerializableConfiguration> hadoopConf = context.broadcast(
                new SerializableConfiguration(files.sparkSession().sessionState().newHadoopConf()));
        ImageFileReader reader = new ImageFileReader(hadoopConf, maxFileBytes);
        PartitionEncoder encoder = new PartitionEncoder(context.broadcast(bundle),
                input.fieldIndex(nameColumn), lengthIndex, reader, batchSize, threads, imageOptions, trustedKeys);
        return files.mapPartitions(encoder, Encoders.row(output));
    }

    /**
     * @param input a DataFrame's schema
     * @return the schema {@link #transform} produces from it
     * @throws IllegalArgumentException as {@link #transform}
     */
    public StructType transformSchema(StructType input) {
        if (!Arrays.asList(input.fieldNames()).contains(inputColumn)) {
            throw new IllegalArgumentException("no column '" + inputColumn + "' of image bytes; the input has "
                    + Arrays.toString(input.fieldNames()) + " (read images with spark.read().format(\"binaryFile\"))");
        }
        StructField field = input.apply(inputColumn);
        if (!field.dataType().equals(DataTypes.BinaryType)) {
            throw new IllegalArgumentException("column '" + inputColumn + "' is " + field.dataType().simpleString()
                    + ", expected binary (encoded image files)");
        }
        return EncodedColumns.appendTo(input);
    }

    /** @return the bundle's manifest: image shape, latent size, training */
    public BundleManifest manifest() {
        return manifest;
    }

    @Override
    public String toString() {
        return "LatentEncoder[" + bundle + ", input " + inputColumn + ", batch " + batchSize + ", threads " + threads
                + ", " + imageOptions + ", max file bytes " + maxFileBytes + "]";
    }

    /** Settings of a {@link LatentEncoder}; {@link #build()} reads the bundle. */
    public static final class Builder {
        private final Path bundleDir;
        private String inputColumn = DEFAULT_INPUT_COLUMN;
        private String nameColumn = DEFAULT_NAME_COLUMN;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int threads = 1;
        private ImageOptions imageOptions = ImageOptions.defaults();
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private List<PublicKey> trustedKeys = List.of();

        private Builder(Path bundleDir) {
            this.bundleDir = Objects.requireNonNull(bundleDir, "bundleDir");
        }

        /**
         * @param column the binary column of encoded images; default {@value #DEFAULT_INPUT_COLUMN}
         * @return this builder
         */
        public Builder inputColumn(String column) {
            this.inputColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * @param column the column that names an image in error messages, if the input has it,
         *     and holds the paths {@link LatentEncoder#transformFiles} reads; default
         *     {@value #DEFAULT_NAME_COLUMN}
         * @return this builder
         */
        public Builder nameColumn(String column) {
            this.nameColumn = Objects.requireNonNull(column, "column");
            return this;
        }

        /**
         * @param size images per ONNX Runtime call, at least 1; default {@value #DEFAULT_BATCH_SIZE}
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * @param n ONNX Runtime threads per call, 0 for one per core; default 1, since Spark runs
         *     one task per core and each task calls the model on its own thread
         * @return this builder
         */
        public Builder threads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("threads must be 0 (one per core) or more, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * @param options pixel limit (an image declaring more pixels gets an error row before it
         *     is decoded) and resize rule; default {@link ImageOptions#defaults()}
         * @return this builder
         */
        public Builder imageOptions(ImageOptions options) {
            this.imageOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @param bytes the largest file {@link #transformFiles} reads, 1 to 2 GiB - 10; a larger one
         *     gets an error row before it is read. Default {@value #DEFAULT_MAX_FILE_BYTES}
         * @return this builder
         */
        public Builder maxFileBytes(long bytes) {
            if (bytes < 1 || bytes > ImageFileReader.MAX_BYTES_LIMIT) {
                throw new IllegalArgumentException("max file bytes must be 1 to " + ImageFileReader.MAX_BYTES_LIMIT
                        + ", got " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /**
         * @param keys P-256 public keys ({@link BundleKeys#readPublicKey}): the bundle must be signed
         *     by one of them, checked on the driver and again on each executor; none (the default)
         *     to require no signature
         * @return this builder
         */
        public Builder trustedKeys(Collection<? extends PublicKey> keys) {
            this.trustedKeys = BundleKeys.trusted(keys);
            return this;
        }

        /**
         * Reads the bundle, verifies it against its manifest's checksums (and signature, with
         * trusted keys) and zips it for shipping.
         *
         * @return the encoder
         * @throws dev.ali4j.api.BundleFormatException if the bundle is missing, modified, malformed,
         *     or not signed by a trusted key
         * @throws IOException if a file cannot be read
         */
        public LatentEncoder build() throws IOException {
            VerifiedBundle verified = Bundles.readVerified(bundleDir, trustedKeys); // read once: checked, then shipped
            return new LatentEncoder(this, ZippedBundle.of(verified), verified.manifest());
        }
    }
}
