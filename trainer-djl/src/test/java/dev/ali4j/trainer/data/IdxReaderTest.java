package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawImagesAndLabels() throws IOException {
        Path images = IdxBytes.write(dir, "images.idx", IdxBytes.images(3, 2, 4));
        Path labels = IdxBytes.write(dir, "labels.idx", IdxBytes.labels(7, 0, 255));

        ImageSet set = IdxReader.readImages(images, labels);

        assertEquals(3, set.size());
        assertEquals(1, set.channels());
        assertEquals(2, set.height());
        assertEquals(4, set.width());
        assertArrayEquals(IdxBytes.ramp(24), set.pixels());
        assertEquals(9, set.pixel(1, 0, 0, 1), "image 1 starts at value 8; column 1 is 9");
        assertEquals(15, set.pixel(1, 0, 1, 3));
        assertArrayEquals(new int[] {7, 0, 255}, set.labels());
        assertEquals(images.toString(), set.name());
    }

    @Test
    void recognisesGzipByItsMagicBytesNotItsName() throws IOException {
        byte[] raw = IdxBytes.images(2, 3, 3);
        Path gzipWithoutSuffix = IdxBytes.write(dir, "images-idx3-ubyte", IdxBytes.gzip(raw));
        Path rawWithGzSuffix = IdxBytes.write(dir, "images-idx3-ubyte.gz", raw);
        Path gzipLabels = IdxBytes.write(dir, "labels.gz", IdxBytes.gzip(IdxBytes.labels(4, 2)));

        ImageSet fromGzip = IdxReader.readImages(gzipWithoutSuffix, gzipLabels);
        ImageSet fromRaw = IdxReader.readImages(rawWithGzSuffix);

        assertArrayEquals(IdxBytes.ramp(18), fromGzip.pixels());
        assertArrayEquals(new int[] {4, 2}, fromGzip.labels());
        assertArrayEquals(IdxBytes.ramp(18), fromRaw.pixels());
    }

    @Test
    void imagesWithoutLabelsAreUnlabelled() throws IOException {
        ImageSet set = IdxReader.readImages(IdxBytes.write(dir, "images", IdxBytes.images(2, 1, 1)));

        assertFalse(set.hasLabels());
        assertNull(set.labels());
        assertThrows(IllegalStateException.class, () -> set.label(0));
    }

    @Test
    void readsStreamsUnderTheirDisplayName() throws IOException {
        ImageSet set = IdxReader.readImages(
                new ByteArrayInputStream(IdxBytes.gzip(IdxBytes.images(2, 2, 2))), "classpath:x/images.gz",
                new ByteArrayInputStream(IdxBytes.labels(1, 3)), "classpath:x/labels.gz");

        assertEquals("classpath:x/images.gz", set.name());
        assertEquals(3, set.label(1));
    }

    @Test
    void rejectsBadMagicAndSaysWhatTheFileLooksLike() throws IOException {
        Path labelsPassedAsImages = IdxBytes.write(dir, "t10k-images-idx3-ubyte.gz", IdxBytes.gzip(IdxBytes.labels(1, 2)));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(labelsPassedAsImages));

        assertEquals(labelsPassedAsImages + ": bad magic number 0x00000801, expected 0x00000803 (uint8 images);"
                + " this looks like a label file", e.getMessage());
        assertEquals(labelsPassedAsImages.toString(), e.source());
    }

    @Test
    void rejectsBadLabelMagic() throws IOException {
        Path images = IdxBytes.write(dir, "images", IdxBytes.images(1, 1, 1));
        Path labels = IdxBytes.write(dir, "labels", IdxBytes.labelsWithMagic(0x00000d01, 5));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images, labels));

        assertEquals(labels + ": bad magic number 0x00000d01, expected 0x00000801 (uint8 labels)", e.getMessage());
    }

    @Test
    void rejectsTruncatedImageData() throws IOException {
        byte[] pixels = new byte[4000];
        Path images = IdxBytes.write(dir, "truncated.gz",
                IdxBytes.gzip(IdxBytes.images(IdxReader.IMAGES_MAGIC, 10000, 28, 28, pixels)));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertEquals(images + ": truncated: header promises 10000 images of 28x28 (7840000 bytes)"
                + " but the file holds only 4000 bytes after the header", e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] header = Arrays.copyOf(IdxBytes.images(1, 2, 2), 7);
        Path images = IdxBytes.write(dir, "short", header);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertEquals(images + ": truncated header: an IDX image header is 16 bytes but the file holds only 7",
                e.getMessage());
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path images = IdxBytes.write(dir, "empty", new byte[0]);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": truncated header"), e.getMessage());
    }

    @Test
    void rejectsLabelCountMismatch() throws IOException {
        Path images = IdxBytes.write(dir, "images", IdxBytes.images(4, 1, 1));
        Path labels = IdxBytes.write(dir, "labels", IdxBytes.labels(1, 2, 3));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images, labels));

        assertEquals(labels + ": label count 3 does not match image count 4 in " + images, e.getMessage());
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] gzip = IdxBytes.gzip(IdxBytes.images(50, 8, 8));
        for (int i = 12; i < gzip.length - 8; i++) {
            gzip[i] ^= (byte) 0x5a; // scramble the deflate data, keep the gzip header
        }
        Path images = IdxBytes.write(dir, "corrupt.gz", gzip);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void rejectsCutOffGzip() throws IOException {
        byte[] gzip = IdxBytes.gzip(IdxBytes.images(50, 8, 8));
        Path images = IdxBytes.write(dir, "cut.gz", Arrays.copyOf(gzip, gzip.length / 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void rejectsDataThatOnlyStartsLikeGzip() throws IOException {
        Path images = IdxBytes.write(dir, "fake.gz", new byte[] {0x1f, (byte) 0x8b, 0x42, 0, 0, 0, 0, 0, 0, 0, 1, 2});

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void rejectsGzipWithBadChecksum() throws IOException {
        byte[] gzip = IdxBytes.gzip(IdxBytes.images(2, 2, 2));
        gzip[gzip.length - 8] ^= 1; // first byte of the CRC-32 trailer
        Path images = IdxBytes.write(dir, "crc.gz", gzip);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void rejectsZeroDimension() throws IOException {
        Path images = IdxBytes.write(dir, "zero", IdxBytes.images(IdxReader.IMAGES_MAGIC, 5, 0, 28, new byte[0]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertEquals(images + ": zero dimension: header says 5 images of 0x28; every dimension must be at least 1",
                e.getMessage());
    }

    @Test
    void rejectsAbsurdSizeWithoutAllocatingIt() throws IOException {
        // 0xffffffff images is read as unsigned, as the format intends, then refused.
        Path images = IdxBytes.write(dir, "huge", IdxBytes.images(IdxReader.IMAGES_MAGIC, -1, 28, 28, new byte[10]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().startsWith(images + ": absurd size: header says 4294967295 images of 28x28"),
                e.getMessage());
    }

    @Test
    void rejectsLargeClaimInSmallFileAsTruncated() throws IOException {
        // 2^31 - 16 bytes is under the limit: the reader must find the truncation, not run out of memory.
        Path images = IdxBytes.write(dir, "liar", IdxBytes.images(IdxReader.IMAGES_MAGIC, 2_739_019, 28, 28, new byte[100]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertTrue(e.getMessage().contains("truncated: header promises 2739019 images of 28x28"), e.getMessage());
    }

    @Test
    void rejectsTrailingData() throws IOException {
        Path images = IdxBytes.write(dir, "long", IdxBytes.images(IdxReader.IMAGES_MAGIC, 1, 2, 2, new byte[5]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(images));

        assertEquals(images + ": trailing data: the file holds more than the 1 images of 2x2 its header promises",
                e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nowhere-idx3-ubyte.gz");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(missing));

        assertEquals(missing + ": no such IDX file", e.getMessage());
    }
}
