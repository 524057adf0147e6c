package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM options Spark needs are written in four places: the parent pom (the tests' argLine),
 * this module's jar ({@link SparkJvmOptions}), the ali launcher and the README. They must agree.
 */
class SparkJvmOptionsTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
            .getParent();

    @Test
    void theJarHasThePomsOptions() {
        List<String> pom = Arrays.asList(System.getProperty("ali4j.spark.jvm.options").trim().split("\\s+"));
        assertEquals(pom, SparkJvmOptions.all());
        assertTrue(SparkJvmOptions.all().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
    }

    @Test
    void theLauncherAndTheReadmeHaveEveryOption() throws IOException {
        String launcher = Files.readString(ROOT.resolve("ali"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String option : SparkJvmOptions.all()) {
            assertTrue(launcher.contains(option), "the ali launcher lacks " + option);
            assertTrue(readme.contains(option), "README.md lacks " + option);
        }
    }
}
