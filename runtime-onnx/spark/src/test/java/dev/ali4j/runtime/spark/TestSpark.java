package dev.ali4j.runtime.spark;

import org.apache.spark.sql.SparkSession;

/** How the tests start local Spark: no web UI, the driver on loopback, no Java code generation. */
final class TestSpark {
    private TestSpark() {
    }

    static SparkSession.Builder local(int cores, String appName) {
        return SparkSession.builder()
                .master("local[" + cores + "]")
                .appName(appName)
                .config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // Seconds, not minutes: no Java code generation for a few dozen rows.
                .config("spark.sql.codegen.wholeStage", false);
    }
}
