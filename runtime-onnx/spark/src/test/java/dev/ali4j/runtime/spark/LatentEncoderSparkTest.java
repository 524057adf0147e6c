package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageOptions;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LatentEncoder} on a real local Spark ({@code local[2]}, one session for the class):
 * PNG files written here, read with the {@code binaryFile} source in several partitions, encoded,
 * written to Parquet and read back, against {@link OnnxLatentModel} called directly.
 */
class LatentEncoderSparkTest {
    private static final int GOOD = 24;
    private static final float TOLERANCE = 1e-5f;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path bundle;
    private static Path images;
    private static int loadsBefore;

    @BeforeAll
    static void start() throws IOException {
        bundle = DistinctBundle.install(dir.resolve("bundle"), "LatentEncoderSparkTest");
        images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < GOOD; i++) {
            // Every fourth picture has another size: the encoder resizes it as ImageFiles does.
            int side = i % 4 == 0 ? 40 : 28;
            TestBundle.greyPng(images, String.format("img-%02d.png", i), side, side, i * 11);
        }
        Files.write(images.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        TestBundle.greyPng(images, "large.png", 90, 90, 5); // over the pixel limit set below
        loadsBefore = ExecutorModels.loads();
        spark = TestSpark.local(2, "ali4j-spark-test")
                .config("spark.sql.shuffle.partitions", 2)
                // About 7 files per partition (each costs openCostInBytes): several partitions.
                .config("spark.sql.files.maxPartitionBytes", 7L * 4 * 1024 * 1024)
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Dataset<Row> readImages() {
        return spark.read().format("binaryFile").load(images.toString());
    }

    private static LatentEncoder encoder() throws IOException {
        return LatentEncoder.builder(bundle).batchSize(5)
                .imageOptions(ImageOptions.defaults().withMaxPixels(64 * 64)).build();
    }

    @Test
    void codesWrittenToParquetMatchTheRuntimeAndBadFilesGetErrorRows() throws IOException {
        Dataset<Row> input = readImages();
        assertTrue(input.rdd().getNumPartitions() >= 3, "partitions: " + input.rdd().getNumPartitions());
        Path parquet = dir.resolve("codes.parquet");
        encoder().transform(input).drop("content").write().parquet(parquet.toString());

        Map<String, Row> byName = TestSpark.byFileName(spark.read().parquet(parquet.toString()).collectAsList());
        assertEquals(GOOD + 2, byName.size(), "one row per file, bad ones included: " + byName.keySet());

        List<Path> good = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            good.add(images.resolve(String.format("img-%02d.png", i)));
        }
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
            ImageTensor x = ImageFiles.read(good, model.manifest().image());
            Latents expected = model.encode(x);
            ImageTensor xHat = model.reconstruct(x);
            AnomalyScores anomaly = new AnomalyScorer(model).score(x);
            int d = expected.d();
            int size = x.imageSize();
            ImageSpec spec = model.manifest().image();
            double range = spec.pixelMax() - spec.pixelMin(); // the column is in [0, 1] units
            for (int i = 0; i < GOOD; i++) {
                Row row = byName.get(good.get(i).getFileName().toString());
                assertNull(row.getAs(EncodedColumns.ERROR));
                List<Float> mu = row.getList(row.fieldIndex(EncodedColumns.MU));
                List<Float> logSigma = row.getList(row.fieldIndex(EncodedColumns.LOG_SIGMA));
                assertEquals(d, mu.size());
                double mse = 0;
                for (int k = 0; k < size; k++) {
                    double diff = (x.data()[i * size + k] - xHat.data()[i * size + k]) / range;
                    mse += diff * diff / size;
                }
                for (int j = 0; j < d; j++) {
                    assertEquals(expected.mu()[i * d + j], mu.get(j), TOLERANCE, "mu of image " + i);
                    assertEquals(expected.logSigma()[i * d + j], logSigma.get(j), TOLERANCE, "log_sigma of " + i);
                }
                assertEquals(mse, (double) row.getAs(EncodedColumns.RECONSTRUCTION_MSE), 1e-6);
                assertEquals(anomaly.value(i), (double) row.getAs(EncodedColumns.ANOMALY_SCORE), 1e-4,
                        "the library's anomaly score of image " + i);
                assertNull(row.getAs(EncodedColumns.ANOMALY_PERCENTILE), "the test bundle is not calibrated");
            }
        }

        Row corrupt = byName.get("corrupt.png");
        assertNull(corrupt.getAs(EncodedColumns.MU));
        assertNull(corrupt.getAs(EncodedColumns.RECONSTRUCTION_MSE));
        assertNull(corrupt.getAs(EncodedColumns.ANOMALY_SCORE));
        String corruptError = corrupt.getAs(EncodedColumns.ERROR);
        assertTrue(corruptError.contains("corrupt.png") && corruptError.contains("corrupt"), corruptError);
        String largeError = byName.get("large.png").getAs(EncodedColumns.ERROR);
        assertTrue(largeError.contains("8100 pixels, more than the limit of 4096"), largeError);
        assertNull(byName.get("large.png").getAs(EncodedColumns.MU));

        assertEquals(1, ExecutorModels.loads() - loadsBefore,
                "the bundle is loaded once in this JVM (the local executor), whatever the partitions");
    }

    @Test
    void aSecondJobAndASecondEncoderReuseTheLoadedModel() throws IOException {
        long rows = encoder().transform(readImages()).filter("error is null").count();
        rows += encoder().transform(readImages()).filter("error is null").count();
        assertEquals(2L * GOOD, rows);
        assertEquals(1, ExecutorModels.loads() - loadsBefore);
    }

    @Test
    void theJobWritesOneRowPerFileInPartitionsOfAboutNFiles() throws IOException {
        ImageFilePartitions.set(spark, 5);
        assertTrue(readImages().rdd().getNumPartitions() >= 5, "26 files, about 5 per partition");
        String out = dir.resolve("job.parquet").toString();
        EncodeImagesJob.run(spark, encoder(), dir.resolve("images").toString(), out, SaveMode.ErrorIfExists);
        assertEquals(new EncodeImagesJob.Summary(GOOD + 2, 2), EncodeImagesJob.summarize(spark, out));
        assertEquals(List.of("path", "modificationTime", "length", "mu", "log_sigma", "reconstruction_mse",
                "anomaly_score", "anomaly_percentile", "error"),
                List.of(spark.read().parquet(out).schema().fieldNames()), "no image bytes in the output");
        assertEquals(1, ExecutorModels.loads() - loadsBefore);
    }

    @Test
    void filesReadInTheTaskGiveTheRowsTheirBytesGive() throws IOException {
        Path listed = Files.createDirectories(dir.resolve("listed"));
        for (String name : List.of("img-01.png", "img-04.png", "corrupt.png")) {
            Files.copy(images.resolve(name), listed.resolve(name));
        }
        Files.copy(images.resolve("img-02.png"), listed.resolve("a name with spaces #2.png"));
        Files.copy(images.resolve("img-03.png"), listed.resolve("100% grey, 50%20.png"));
        Dataset<Row> bytes = spark.read().format("binaryFile").load(listed.toString());
        Dataset<Row> paths = bytes.drop("content");
        String scan = paths.queryExecution().executedPlan().toString();
        assertTrue(scan.contains("ReadSchema: struct<path:string,modificationTime:timestamp,length:bigint>"),
                "the listing never reads a file's content: " + scan);
        Map<String, Row> fromBytes = TestSpark.byFileName(encoder().transform(bytes).drop("content").collectAsList());
        Map<String, Row> fromFiles = TestSpark.byFileName(encoder().transformFiles(paths).collectAsList());
        assertEquals(fromBytes.keySet(), fromFiles.keySet());
        for (String name : fromBytes.keySet()) {
            assertEquals(fromBytes.get(name), fromFiles.get(name), name + ": the same row, codes and error alike");
        }
        assertNull(fromFiles.get("a name with spaces #2.png").getAs(EncodedColumns.ERROR));
        assertNull(fromFiles.get("100% grey, 50%20.png").getAs(EncodedColumns.ERROR));
        assertTrue(((String) fromFiles.get("corrupt.png").getAs(EncodedColumns.ERROR)).contains("corrupt"));
    }

    @Test
    void aMissingOrOversizedFileGetsAnErrorRowAndTheJobGoesOn() throws IOException {
        Path good = images.resolve("img-03.png");
        long size = Files.size(good);
        LatentEncoder encoder = LatentEncoder.builder(bundle).maxFileBytes(size).build();
        Path big = Files.write(dir.resolve("big.png"), new byte[(int) size + 1]);
        StructType schema = new StructType().add("path", DataTypes.StringType).add("length", DataTypes.LongType);
        List<Row> rows = List.of(
                RowFactory.create(good.toUri().toString(), size),
                RowFactory.create(good.toString(), null), // no scheme, no length: Hadoop's default file system
                RowFactory.create(dir.resolve("gone.png").toUri().toString(), 10L),
                RowFactory.create(big.toUri().toString(), null), // the budget is kept while reading
                // A listed length over the budget is refused before the file is opened: this one does not exist.
                RowFactory.create(dir.resolve("huge.png").toUri().toString(), 1L << 40),
                RowFactory.create(null, 10L),
                RowFactory.create("", 10L));
        List<Row> out = encoder.transformFiles(spark.createDataFrame(rows, schema)).collectAsList();
        assertEquals(7, out.size());
        assertNull(out.get(0).getAs(EncodedColumns.ERROR));
        assertEquals(out.get(0).getList(2), out.get(1).getList(2), "the same file read through Hadoop");
        assertError(out.get(2), "gone.png: cannot open it (deleted after it was listed, or a directory, or no permission?)");
        assertError(out.get(3), "big.png: file is more than " + size + " bytes, over the limit of " + size + " bytes");
        assertError(out.get(4), "huge.png: file is 1099511627776 bytes, over the limit of " + size + " bytes");
        assertError(out.get(5), "no path");
        assertError(out.get(6), ": not a readable path");

        IllegalArgumentException noPaths = assertThrows(IllegalArgumentException.class,
                () -> encoder.transformFiles(spark.createDataFrame(List.of(),
                        new StructType().add("path", DataTypes.BinaryType))));
        assertTrue(noPaths.getMessage().contains("no string column 'path'"), noPaths.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatentEncoder.builder(bundle).maxFileBytes(0));
        assertThrows(IllegalArgumentException.class, () -> LatentEncoder.builder(bundle).maxFileBytes(Long.MAX_VALUE));
    }

    @Test
    void aFileDeletedAfterTheJobListedItIsLeftOut() throws IOException {
        Path listed = Files.createDirectories(dir.resolve("deleted"));
        for (String name : List.of("img-05.png", "img-06.png", "img-07.png")) {
            Files.copy(images.resolve(name), listed.resolve(name));
        }
        Dataset<Row> files = EncodeImagesJob.list(spark, listed.toString());
        Files.delete(listed.resolve("img-06.png"));
        assertEquals(Set.of("img-05.png", "img-07.png"),
                TestSpark.byFileName(encoder().transformFiles(files).collectAsList()).keySet());
    }

    private static void assertError(Row row, String expected) {
        String error = row.getAs(EncodedColumns.ERROR);
        assertTrue(error != null && error.contains(expected), "expected '" + expected + "' in: " + error);
        assertNull(row.getAs(EncodedColumns.MU));
    }

    @Test
    void theJobsArgumentsAreCheckedBeforeSparkStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncodeImagesJob.main(new String[] {"--bundle", "b", "--input", "i"}));
        assertTrue(e.getMessage().startsWith("missing --output"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EncodeImagesJob.main(new String[] {"--bundel", "b"}));
        assertTrue(e.getMessage().startsWith("unknown or incomplete argument '--bundel'"), e.getMessage());
    }

    @Test
    void theSchemaIsCheckedOnTheDriver() throws IOException {
        LatentEncoder encoder = encoder();
        StructType images = new StructType().add("path", DataTypes.StringType).add("content", DataTypes.BinaryType);
        StructType out = encoder.transformSchema(images);
        assertEquals(List.of("path", "content", "mu", "log_sigma", "reconstruction_mse", "anomaly_score",
                "anomaly_percentile", "error"),
                List.of(out.fieldNames()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> encoder.transformSchema(new StructType().add("path", DataTypes.StringType)));
        assertTrue(missing.getMessage().contains("no column 'content'"), missing.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> encoder.transformSchema(new StructType().add("content", DataTypes.StringType)));
        assertTrue(text.getMessage().contains("expected binary"), text.getMessage());
        Dataset<Row> strings = spark.createDataFrame(List.of(), new StructType().add("content", DataTypes.StringType));
        assertThrows(IllegalArgumentException.class, () -> encoder.transform(strings));
        assertNotNull(encoder.manifest().image());
    }
}
