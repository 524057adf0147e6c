package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
    @TempDir
    Path dir;

    @Test
    void embeddedSampleIsTheFashionMnistTestSplitCut9000To1000() throws IOException {
        DataSplits data = DataSets.open(DataSets.DEFAULT_SPEC);

        assertEquals(9000, data.train().size());
        assertEquals(1000, data.test().size());
        for (ImageSet split : new ImageSet[] {data.train(), data.test()}) {
            assertEquals(1, split.channels());
            assertEquals(28, split.height());
            assertEquals(28, split.width());
            assertTrue(split.hasLabels());
            assertEquals(0, Arrays.stream(split.labels()).min().getAsInt());
            assertEquals(9, Arrays.stream(split.labels()).max().getAsInt());
        }
        assertEquals(9, data.train().label(0), "Fashion-MNIST's first test image is an ankle boot");
        assertEquals("embedded Fashion-MNIST sample (9000 train / 1000 held out)", data.description());
        assertTrue(data.train().name().startsWith("classpath:dev/ali4j/trainer/data/fashion-mnist/"));
    }

    @Test
    void fashionMnistResolvesToTheDebianPackageDirectory() throws IOException {
        // .ci/run installs Debian's dataset-fashion-mnist: its absence is a failure, not a skip.
        assertTrue(Files.isDirectory(DataSets.FASHION_MNIST_DIR), "install Debian's dataset-fashion-mnist");

        DataSplits data = DataSets.open("fashion-mnist");

        assertEquals(60000, data.train().size());
        assertEquals(10000, data.test().size());
        assertEquals(28, data.train().height());
        assertTrue(data.train().hasLabels() && data.test().hasLabels());
        assertEquals("fashion-mnist (/usr/share/datasets/fashion-mnist, 60000 train / 10000 test)", data.description());
    }

    @Test
    void missingDirectorySaysWhereItLooked() {
        String absent = dir.resolve("absent").toString();

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DataSets.open(absent));

        assertTrue(e.getMessage().contains(absent), e.getMessage());
    }

    @Test
    void readsADirectoryOfRawAndGzipFilesWithOptionalLabels() throws IOException {
        IdxBytes.write(dir, "train-images-idx3-ubyte.gz", IdxBytes.gzip(IdxBytes.images(5, 3, 3)));
        IdxBytes.write(dir, "train-labels-idx1-ubyte", IdxBytes.labels(0, 1, 2, 3, 4));
        IdxBytes.write(dir, "t10k-images-idx3-ubyte", IdxBytes.images(2, 3, 3));

        DataSplits data = DataSets.open(dir.toString());

        assertEquals(5, data.train().size());
        assertEquals(4, data.train().label(4));
        assertEquals(2, data.test().size());
        assertFalse(data.test().hasLabels());
        assertEquals("IDX directory (" + dir + ", 5 train / 2 test)", data.description());
    }

    @Test
    void directoryWithoutTestImagesListsWhatWasLookedFor() throws IOException {
        IdxBytes.write(dir, "train-images-idx3-ubyte", IdxBytes.images(1, 1, 1));

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DataSets.open(dir.toString()));

        assertTrue(e.getMessage().startsWith(dir + ": no t10k-images-idx3-ubyte[.gz]"), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte[.gz]"), e.getMessage());
    }

    @Test
    void splitsOfDifferentShapesAreRejected() throws IOException {
        IdxBytes.write(dir, "train-images-idx3-ubyte", IdxBytes.images(1, 2, 2));
        IdxBytes.write(dir, "t10k-images-idx3-ubyte", IdxBytes.images(1, 3, 3));

        assertThrows(IllegalArgumentException.class, () -> DataSets.open(dir.toString()));
    }

    @Test
    void unknownDirectoryExplainsTheChoices() {
        Path missing = dir.resolve("nope");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DataSets.open(missing.toString()));

        assertTrue(e.getMessage().startsWith(missing + ": no such directory; --data takes embedded, fashion-mnist"),
                e.getMessage());
    }
}
