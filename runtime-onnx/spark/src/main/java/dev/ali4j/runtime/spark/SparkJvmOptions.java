package dev.ali4j.runtime.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM options Spark 4 needs on Java 17 in a JVM that Spark's launcher did not start: module
 * openings ({@code --add-opens}) for its off-heap memory, serializers and Netty. {@code spark-submit}
 * adds them to the driver and executors by itself; a program that starts a local
 * {@code SparkSession} in its own JVM (a test, {@code ali spark-encode}, an IDE run) must pass them
 * on its command line, or Spark fails at start with
 * {@code IllegalAccessError: ... cannot access class sun.nio.ch.DirectBuffer}.
 *
 * <pre>{@code
 * List<String> command = new ArrayList<>(List.of(java, "-Xmx2g"));
 * command.addAll(SparkJvmOptions.all());
 * command.addAll(List.of("-cp", classPath, MyJob.class.getName()));
 * }</pre>
 */
public final class SparkJvmOptions {
    private static final List<String> OPTIONS = load();

    private SparkJvmOptions() {
    }

    /** @return the options, one per element, as the build's tests run with them */
    public static List<String> all() {
        return List.copyOf(OPTIONS);
    }

    private static List<String> load() {
        Properties properties = new Properties();
        try (InputStream in = SparkJvmOptions.class.getResourceAsStream("jvm-options.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm-options.properties missing from ali4j-spark's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(Arrays.asList(properties.getProperty("options").trim().split("\\s+")));
    }
}
