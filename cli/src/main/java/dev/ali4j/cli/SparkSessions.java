package dev.ali4j.cli;

import org.apache.spark.sql.SparkSession;

/**
 * How the ali commands start Spark: no web UI (a command line runs one job and exits), the
 * driver on loopback for a local master, and input partitions sized in files rather than bytes.
 * The JVM needs {@code SparkJvmOptions}; the ali launcher passes them.
 *
 * <p>Why files: Spark packs files into a partition until their bytes, each counted with an open
 * cost of 4 MiB ({@value #OPEN_COST}), reach {@code spark.sql.files.maxPartitionBytes} (128 MiB):
 * 32 small images per task. Encoding costs per image, not per byte, and every task writes a
 * Parquet file of its own, so those tiny tasks spend more time being scheduled and committed than
 * encoding. Setting the partition size to N open costs packs about N images into each task.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.start("local[2]", "ali spark-encode", 1000);
 * }</pre>
 */
public final class SparkSessions {
    /** Spark's default {@code spark.sql.files.openCostInBytes}, set explicitly so the arithmetic holds. */
    static final long OPEN_COST = 4L << 20;
    /** Default images per input partition (task) for the ali commands. */
    public static final int DEFAULT_FILES_PER_PARTITION = 1000;

    private SparkSessions() {
    }

    /**
     * @param master {@code local[N]}, {@code local[*]} or a cluster's URL
     * @param appName what the cluster's UI shows
     * @param filesPerPartition about how many small files each input partition (task) reads
     * @return the session; stop it when done
     */
    public static SparkSession start(String master, String appName, int filesPerPartition) {
        if (filesPerPartition < 1) {
            throw new IllegalArgumentException("files per partition must be at least 1, got " + filesPerPartition);
        }
        SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", false)
                .config("spark.sql.files.openCostInBytes", OPEN_COST)
                .config("spark.sql.files.maxPartitionBytes", filesPerPartition * OPEN_COST);
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
