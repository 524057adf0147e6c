package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    /** Three 1x2x2 images: all black, all white, and 0, 127, 128, 255. */
    private final ImageSet set = ImageSet.of("test", 1, 2, 2, new byte[] {
            0, 0, 0, 0,
            (byte) 255, (byte) 255, (byte) 255, (byte) 255,
            0, 127, (byte) 128, (byte) 255}, new int[] {4, 5, 6});

    @Test
    void batchScalesZeroToMinusOneAnd255ToOne() {
        float[] batch = set.batchScaled(new int[] {2, 0, 1}, -1f, 1f);

        assertArrayEquals(new float[] {
                -1f, 127 / 127.5f - 1, 128 / 127.5f - 1, 1f,
                -1f, -1f, -1f, -1f,
                1f, 1f, 1f, 1f}, batch);
    }

    @Test
    void copyBatchFillsTheFrontOfALargerBuffer() {
        float[] dest = new float[12];
        dest[11] = 42f;

        set.copyBatchScaled(new int[] {1, 1}, -1f, 1f, dest);

        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 42}, dest);
    }

    @Test
    void copyBatchRejectsTooSmallBufferAndBadIndex() {
        assertThrows(IllegalArgumentException.class,
                () -> set.copyBatchScaled(new int[] {0, 1}, -1f, 1f, new float[7]));
        assertThrows(IndexOutOfBoundsException.class, () -> set.copyBatchScaled(new int[] {3}, -1f, 1f, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> set.copyBatchScaled(new int[] {0}, 1f, 1f, new float[4]));
    }

    @Test
    void anyRangeMapsByte0ToItsMinimumAnd255ToItsMaximum() {
        assertArrayEquals(new float[] {0f, 127 / 255f, 128 / 255f, 1f}, set.batchScaled(new int[] {2}, 0f, 1f));
        assertArrayEquals(new float[] {0f, 127f, 128f, 255f}, set.batchScaled(new int[] {2}, 0f, 255f));
    }

    @Test
    void minusOneToOneGivesTheTrainersNumbersToTheLastBit() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        float[] scaled = ImageSet.of("all", 1, 16, 16, all, null).batchScaled(new int[] {0}, -1f, 1f);
        for (int v = 0; v < 256; v++) {
            assertEquals(Float.floatToIntBits(v / 127.5f - 1), Float.floatToIntBits(scaled[v]), "byte " + v);
        }
    }

    @Test
    void sliceCopiesImagesAndLabels() {
        ImageSet slice = set.slice(1, 3);

        assertEquals(2, slice.size());
        assertEquals("test[1:3]", slice.name());
        assertArrayEquals(new int[] {5, 6}, slice.labels());
        assertEquals(255, slice.pixel(0, 0, 1, 1));
        assertEquals(127, slice.pixel(1, 0, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.slice(2, 4));
    }

    @Test
    void isImmutable() {
        byte[] pixels = new byte[4];
        ImageSet own = ImageSet.of("own", 1, 2, 2, pixels, null);
        pixels[0] = 9;
        own.pixels()[1] = 9;

        assertArrayEquals(new byte[4], own.pixels());
    }

    @Test
    void rejectsPixelsThatAreNotWholeImages() {
        assertThrows(IllegalArgumentException.class, () -> ImageSet.of("bad", 1, 2, 2, new byte[6], null));
        assertThrows(IllegalArgumentException.class, () -> ImageSet.of("bad", 1, 2, 2, new byte[8], new int[3]));
    }

    @Test
    void rangeScaledIsTheBatchOfConsecutiveIndicesAndChecksItsBounds() {
        ImageSet set = ImageSet.of("t", 1, 1, 2, new byte[] {0, (byte) 255, 51, 102, (byte) 204, 17}, null);
        assertArrayEquals(set.batchScaled(new int[] {1, 2}, -1f, 1f), set.rangeScaled(1, 2, -1f, 1f));
        assertThrows(IndexOutOfBoundsException.class, () -> set.rangeScaled(2, 2, -1f, 1f));
    }
}
