package dev.ali4j.trainer.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier in the jar loads through the ordinary path and classifies the held-out sample. */
class EmbeddedClassifierTest {

    @TempDir
    Path dir;

    @Test
    void copiesLoadsAndClassifiesTheHeldOutSample() throws IOException {
        Path copied = EmbeddedClassifier.copyTo(dir.resolve("classifier"));
        DataSplits sample = DataSets.open("embedded");
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier classifier = FrozenClassifier.load(copied, manager)) {
            ClassifierInfo info = classifier.info();
            assertEquals(60_000, info.trainImages(), "trained on Fashion-MNIST's whole training split");
            assertEquals(0.9106, info.testAccuracy(), 1e-9);
            // The embedded sample's held-out images come from the test split it never saw.
            double accuracy = classifier.accuracy(sample.test(), 0);
            assertTrue(accuracy > 0.88, "accuracy on the 1,000 held-out images: " + accuracy);
        }
    }
}
