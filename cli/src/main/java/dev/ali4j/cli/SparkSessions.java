package dev.ali4j.cli;

import dev.ali4j.runtime.spark.ImageFilePartitions;
import org.apache.spark.sql.SparkSession;

/**
 * How the ali commands start Spark: no web UI (a command line runs one job and exits), the
 * driver on loopback for a local master, input partitions of about N image files
 * ({@link ImageFilePartitions}). The JVM needs {@code SparkJvmOptions}; the ali launcher passes them.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.start("local[2]", "ali spark-encode", 1000);
 * }</pre>
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * @param master {@code local[N]}, {@code local[*]} or a cluster's URL
     * @param appName what the cluster's UI shows
     * @param filesPerPartition about how many small files each input partition (task) reads
     * @return the session; stop it when done
     */
    public static SparkSession start(String master, String appName, int filesPerPartition) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", false);
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        ImageFilePartitions.set(spark, filesPerPartition);
        return spark;
    }
}
