package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    /** Record bytes for the given labels; pixel (c, y, x) of record {@code first + i} encodes all four. */
    static byte[] records(int first, int... labels) {
        byte[] bytes = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < labels.length; i++) {
            int offset = i * Cifar10Reader.RECORD_BYTES;
            bytes[offset] = (byte) labels[i];
            for (int p = 0; p < Cifar10Reader.PIXEL_BYTES; p++) {
                bytes[offset + 1 + p] = (byte) value(first + i, p / 1024, p / 32 % 32, p % 32);
            }
        }
        return bytes;
    }

    static int value(int image, int channel, int y, int x) {
        return (image * 31 + channel * 85 + y * 7 + x) & 0xFF;
    }

    /** Writes the six batch files of a complete CIFAR-10 directory: two records each, test labels 9 and 0. */
    static void writeDirectory(Path target) throws IOException {
        Files.createDirectories(target);
        for (int b = 0; b < 5; b++) {
            Files.write(target.resolve(Cifar10Reader.TRAIN_FILES.get(b)), records(2 * b, 2 * b, 2 * b + 1));
        }
        Files.write(target.resolve(Cifar10Reader.TEST_FILE), records(100, 9, 0));
    }

    @Test
    void readsRecordsAsChwImagesWithTheirLabels() throws IOException {
        Path batch = Files.write(dir.resolve("test_batch.bin"), records(0, 3, 9, 0));

        ImageSet set = Cifar10Reader.readBatches(List.of(batch));

        assertEquals(3, set.size());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        assertArrayEquals(new int[] {3, 9, 0}, set.labels());
        Pixels.assertEveryPixel(Cifar10ReaderTest::value, set);
        assertEquals(batch.toString(), set.name());
    }

    @Test
    void readsAllFiveTrainingBatchesInOrderAndTheTestBatch() throws IOException {
        writeDirectory(dir);

        DataSplits data = Cifar10Reader.readDirectory(dir);

        assertEquals(10, data.train().size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, data.train().labels());
        assertEquals(value(7, 2, 31, 30), data.train().pixel(7, 2, 31, 30), "batch 4's second record");
        assertArrayEquals(new int[] {9, 0}, data.test().labels());
        assertEquals(value(101, 1, 5, 6), data.test().pixel(1, 1, 5, 6));
        assertEquals("cifar10 (" + dir + ", 10 train / 2 test)", data.description());
    }

    @Test
    void findsTheArchiveFolderInsideTheDirectory() throws IOException {
        writeDirectory(dir.resolve(Cifar10Reader.ARCHIVE_FOLDER));

        DataSplits data = Cifar10Reader.readDirectory(dir);

        assertEquals(2, data.test().size());
    }

    @Test
    void truncatedBatchNamesTheFileAndTheRecordSize() throws IOException {
        byte[] whole = records(0, 1, 2);
        Path batch = Files.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(whole, whole.length - 100));

        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10Reader.readBatches(List.of(batch)));

        assertEquals(batch.toString(), e.source());
        assertTrue(e.getMessage().startsWith(batch + ": truncated or wrong size: 6046 bytes is not a whole number"
                + " of 3073-byte records"), e.getMessage());
    }

    @Test
    void cifar100SizedFileIsRecognised() throws IOException {
        Path batch = Files.write(dir.resolve("train.bin"), new byte[2 * 3074]);

        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10Reader.readBatches(List.of(batch)));

        assertTrue(e.getMessage().contains("CIFAR-100"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path batch = Files.write(dir.resolve("data_batch_1.bin"), new byte[0]);

        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10Reader.readBatches(List.of(batch)));

        assertTrue(e.getMessage().startsWith(batch + ": empty file"), e.getMessage());
    }

    @Test
    void labelAboveNineNamesTheFileAndTheRecord() throws IOException {
        Path batch = Files.write(dir.resolve("test_batch.bin"), records(0, 4, 12));

        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10Reader.readBatches(List.of(batch)));

        assertEquals(batch + ": record 1 (byte 3073): label 12, expected 0..9; not a CIFAR-10 batch, or corrupt",
                e.getMessage());
    }

    @Test
    void directoryMissingABatchListsWhatIsMissing() throws IOException {
        writeDirectory(dir);
        Files.delete(dir.resolve("data_batch_4.bin"));

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10Reader.readDirectory(dir));

        assertTrue(e.getMessage().startsWith(dir + ": no data_batch_4.bin (a CIFAR-10 directory holds"
                + " data_batch_1.bin"), e.getMessage());
    }

    @Test
    void missingDirectorySaysWhatItShouldHold() {
        Path absent = dir.resolve("absent");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Cifar10Reader.readDirectory(absent));

        assertTrue(e.getMessage().startsWith(absent + ": no such directory; cifar10:DIR takes the folder holding"),
                e.getMessage());
    }
}
