package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        assertTrue(e.getMessage().contains("cifar10:DIR"), e.getMessage());
    }

    @Test
    void cifar10SpecReadsTheBatchDirectory() throws IOException {
        Cifar10ReaderTest.writeDirectory(dir);

        DataSplits data = DataSets.open("cifar10:" + dir);

        assertEquals(10, data.train().size());
        assertEquals(3, data.train().channels());
        assertEquals("cifar10 (" + dir + ", 10 train / 2 test)", data.description());
    }

    @Test
    void svhnSpecReadsTheTrainAndTestMatFiles() throws IOException {
        SvhnReaderTest.writeSvhn(dir.resolve("train_32x32.mat"), 2, 10, 3);
        SvhnReaderTest.writeSvhn(dir.resolve("test_32x32.mat"), 1, 4);

        DataSplits data = DataSets.open("svhn:" + dir, 1, 28, 28);

        assertArrayEquals(new int[] {0, 3}, data.train().labels());
        assertEquals(32, data.test().height(), "fixed-shape formats keep their own shape");
    }

    @Test
    void folderSpecFitsImagesToTheGivenShape() throws IOException {
        ImageFolderReaderTest.writeGrey(dir.resolve("train/a.png"), 50);
        ImageFolderReaderTest.writeGrey(dir.resolve("test/b.png"), 60);

        DataSplits data = DataSets.open("folder:" + dir, 3, 6, 5);

        assertEquals(3, data.train().channels());
        assertEquals(6, data.train().height());
        assertEquals(5, data.train().width());
        assertEquals(60, data.test().pixel(0, 2, 5, 4));
    }

    @Test
    void folderSpecWithoutATargetShapeIsAProgrammingError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSets.open("folder:" + dir));

        assertTrue(e.getMessage().contains("DataSets.open(spec, channels, height, width)"), e.getMessage());
    }

    @Test
    void idxPrefixNamesAnIdxDirectory() throws IOException {
        IdxBytes.write(dir, "train-images-idx3-ubyte", IdxBytes.images(3, 2, 2));
        IdxBytes.write(dir, "t10k-images-idx3-ubyte", IdxBytes.images(1, 2, 2));

        assertEquals(3, DataSets.open("idx:" + dir).train().size());
        assertEquals(3, DataSets.open("idx:" + dir, 3, 32, 32).train().size());
    }

    @Test
    void prefixWithoutADirectoryIsRefused() {
        for (String spec : new String[] {"cifar10:", "svhn:", "folder: ", "idx:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DataSets.open(spec, 1, 28, 28));

            assertTrue(e.getMessage().contains("names no directory"), e.getMessage());
        }
    }

    @Test
    void blankSpecListsEveryForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSets.open(" "));

        assertEquals("--data is empty; use " + DataSets.FORMS, e.getMessage());
        assertTrue(DataSets.FORMS.contains("cifar10:DIR, svhn:DIR, folder:DIR"), DataSets.FORMS);
    }
}
