package dev.ali4j.runtime.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
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

    /** @return the rows by the file name at the end of their {@code path} column */
    static Map<String, Row> byFileName(List<Row> rows) {
        Map<String, Row> byName = new HashMap<>();
        for (Row row : rows) {
            String path = row.getAs("path");
            byName.put(path.substring(path.lastIndexOf('/') + 1), row);
        }
        return byName;
    }
}
