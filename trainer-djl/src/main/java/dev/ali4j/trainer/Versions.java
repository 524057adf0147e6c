package dev.ali4j.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Versions recorded in manifests and printed by {@code ali --version}. They come from the poms
 * (a resource Maven filters at build time), so they are declared once.
 */
public final class Versions {

    private static final Properties BUILD = load();

    public static final String ALI4J = BUILD.getProperty("ali4j");
    public static final String DJL = BUILD.getProperty("djl");
    public static final String PYTORCH = BUILD.getProperty("pytorch");

    private Versions() {}

    /** Every version, with the running Java's, as recorded in a bundle's manifest. */
    public static Map<String, String> all() {
        return Map.of("ali4j", ALI4J, "djl", DJL, "pytorch", PYTORCH, "java", System.getProperty("java.version"));
    }

    /** One line: {@code ali4j 0.1.0 (DJL 0.35.1, PyTorch 2.7.1)}. */
    public static String summary() {
        return "ali4j " + ALI4J + " (DJL " + DJL + ", PyTorch " + PYTORCH + ")";
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the trainer's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
