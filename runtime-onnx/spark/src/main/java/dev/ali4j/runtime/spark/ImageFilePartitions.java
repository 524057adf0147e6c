package dev.ali4j.runtime.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Sizes the input partitions of file sources in files rather than bytes, for collections of
 * small images. Spark packs files into a partition until their bytes, each file counted with an
 * open cost of 4 MiB ({@code spark.sql.files.openCostInBytes}), reach
 * {@code spark.sql.files.maxPartitionBytes} (128 MiB): 32 small images per task. Encoding costs
 * per image, not per byte, and each task writes an output file of its own, so those tasks spend
 * as much time being scheduled and committed as encoding. Setting the partition size to N open
 * costs packs about N images into each task (fewer when images are large).
 *
 * <pre>{@code
 * ImageFilePartitions.set(spark, 1000);   // before spark.read(): about 1,000 files per task
 * Dataset<Row> images = spark.read().format("binaryFile").load("hdfs:///images/");
 * }</pre>
 */
public final class ImageFilePartitions {
    /** Spark's default {@code spark.sql.files.openCostInBytes}, set explicitly so the arithmetic holds. */
    public static final long OPEN_COST_BYTES = 4L << 20;
    /** A partition size that keeps task overhead small against encoding: {@value} files. */
    public static final int DEFAULT_FILES = 1000;

    private ImageFilePartitions() {
    }

    /**
     * Sets the session's {@code spark.sql.files.openCostInBytes} and
     * {@code spark.sql.files.maxPartitionBytes} for reads that follow.
     *
     * @param spark the session
     * @param files about how many small files one partition (task) reads, at least 1
     */
    public static void set(SparkSession spark, int files) {
        if (files < 1) {
            throw new IllegalArgumentException("files per partition must be at least 1, got " + files);
        }
        spark.conf().set("spark.sql.files.openCostInBytes", OPEN_COST_BYTES);
        spark.conf().set("spark.sql.files.maxPartitionBytes", files * OPEN_COST_BYTES);
    }
}
