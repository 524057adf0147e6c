package dev.ali4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.runtime.server.TestBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both sides of {@code ali bench spark} on a few files, in this JVM (the command runs each in its own). */
class SparkBenchmarkTest {

    @Test
    void bothSidesEncodeEveryFileAndSparkLoadsTheBundleOnce(@TempDir Path tmp) throws Exception {
        Path bundle = TestBundle.install(tmp.resolve("bundle"));
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 9; i++) {
            TestBundle.greyPng(images, "img-" + i + ".png", 28, 28, 29 * i);
        }
        Files.write(images.resolve("broken.png"), new byte[] {9});
        Path warmup = Files.createDirectories(tmp.resolve("warmup"));
        TestBundle.greyPng(warmup, "w.png", 28, 28, 1);

        SparkBenchmark.Result single = SparkBenchmark.single(bundle, images, warmup, 2, 4);
        assertEquals(10, single.images());
        assertEquals(1, single.refused());
        // CPU time moves in 10 ms ticks: a fast machine may encode ten small images within one, not twice.
        assertTrue(single.first().cpuSeconds() + single.second().cpuSeconds() > 0 && single.peakRssBytes() > 0,
                single.toString());

        SparkBenchmark.Result spark = SparkBenchmark.spark(bundle, images, warmup, "local[2]", 4, 3, tmp.resolve("out"));
        assertEquals(10, spark.images());
        assertEquals(1, spark.refused());
        assertEquals(1, spark.loads(), "once per executor JVM, whatever the partitions");
        assertTrue(spark.partitions() >= 3, "about 3 files per partition: " + spark.partitions());
        assertTrue(spark.sessionSeconds() > 0 && spark.first().seconds() > 0 && spark.second().seconds() > 0,
                spark.toString());
    }

    @Test
    void aLocalMasterGivesTheTaskSlots() {
        assertEquals(4, SparkBenchmark.cores("local[4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkBenchmark.cores("local[*]"));
        assertThrows(IllegalArgumentException.class, () -> SparkBenchmark.cores("spark://host:7077"));
    }
}
