package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle calibrated with a profile of normal images: Spark's anomaly columns carry the
 * {@code combined} score (which needs the profile) and its percentile, equal to the library's.
 */
class ProfiledBundleSparkTest {
    private static final int IMAGES = 8;

    @TempDir
    Path dir;

    @Test
    void theCombinedScoreAndItsPercentileEqualTheLibrarys() throws IOException {
        Path bundle = TestBundle.calibrate(DistinctBundle.install(dir.resolve("bundle"), "ProfiledBundleSparkTest"));
        Path images = Files.createDirectories(dir.resolve("images"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            files.add(TestBundle.greyPng(images, String.format("img-%02d.png", i), 28, 28, i * 29));
        }
        SparkSession spark = TestSpark.local(2, "ali4j-profiled-bundle-test").getOrCreate();
        try {
            Map<String, Row> byName = TestSpark.byFileName(LatentEncoder.builder(bundle).batchSize(3).build()
                    .transform(spark.read().format("binaryFile").load(images.toString())).drop("content")
                    .collectAsList());
            try (OnnxLatentModel model = OnnxLatentModel.load(bundle)) {
                AnomalyScorer scorer = new AnomalyScorer(model);
                assertEquals(AnomalyScoreKind.COMBINED, scorer.primary(), "the calibrated score");
                AnomalyScores expected = scorer.score(ImageFiles.read(files, model.manifest().image()));
                assertTrue(expected.calibrated());
                for (int i = 0; i < IMAGES; i++) {
                    Row row = byName.get(files.get(i).getFileName().toString());
                    assertNull(row.getAs(EncodedColumns.ERROR));
                    assertEquals(expected.value(i), (double) row.getAs(EncodedColumns.ANOMALY_SCORE), 1e-4,
                            "combined score of image " + i);
                    assertEquals(expected.percentile(i), (double) row.getAs(EncodedColumns.ANOMALY_PERCENTILE), 1e-3,
                            "percentile of image " + i);
                }
            }
        } finally {
            spark.stop();
        }
    }
}
