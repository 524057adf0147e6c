package dev.ali4j.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.Bundles;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusted keys on the driver and on the executors, with a real local Spark session. */
class SignedBundleSparkTest {
    private static final KeyPair OURS = BundleKeys.generate();
    private static final KeyPair THEIRS = BundleKeys.generate();

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path signed;
    private static Path unsigned;
    private static Path images;

    @BeforeAll
    static void start() throws IOException {
        signed = DistinctBundle.install(dir.resolve("signed"), "SignedBundleSparkTest signed");
        Bundles.sign(signed, OURS.getPrivate());
        unsigned = DistinctBundle.install(dir.resolve("unsigned"), "SignedBundleSparkTest unsigned");
        images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 6; i++) {
            TestBundle.greyPng(images, "img-" + i + ".png", 28, 28, i * 17);
        }
        spark = TestSpark.local(1, "ali4j-signed-bundle-test").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aBundleSignedByATrustedKeyEncodesOnTheExecutors() throws IOException {
        LatentEncoder encoder = LatentEncoder.builder(signed).trustedKeys(List.of(THEIRS.getPublic(), OURS.getPublic()))
                .build();
        long coded = encoder.transform(spark.read().format("binaryFile").load(images.toString()))
                .filter("error is null").count();
        assertEquals(6, coded);
    }

    @Test
    void theDriverRefusesAnUnsignedBundleBeforeAnyJob() {
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> LatentEncoder.builder(unsigned).trustedKeys(List.of(OURS.getPublic())).build());
        assertTrue(e.getMessage().contains("manifest.json: not signed (no manifest.json.sig)"), e.getMessage());
    }

    @Test
    void anExecutorRefusesABundleSignedByAnotherKey() throws IOException {
        ZippedBundle shipped = ZippedBundle.of(signed);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ExecutorModels.get(shipped, 1,
                List.of(BundleKeys.pem(THEIRS.getPublic()))));
        assertTrue(e.getMessage().contains("signature does not match any trusted key"), e.getMessage());
        // The same bundle under the right key loads.
        ExecutorModels.get(shipped, 1, List.of(BundleKeys.pem(OURS.getPublic())));
    }
}
