package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PixelCodecTest {
    private static final ImageSpec GREY = new ImageSpec(1, 2, 2);
    private static final ImageSpec RGB = new ImageSpec(3, 2, 2, 0f, 1f);

    @Test
    void greyBytesMapLinearlyToThePixelRange() {
        ImageTensor t = PixelCodec.fromGray8(new byte[] {0, (byte) 255, (byte) 51, (byte) 204}, 1, 2, 2, GREY);
        assertEquals(1, t.c());
        assertArrayEquals(new float[] {-1f, 1f, -0.6f, 0.6f}, t.data(), 1e-6f);
    }

    @Test
    void greyToArgbAndBackIsExactForEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        ImageSpec spec = new ImageSpec(1, 16, 16);
        int[] argb = PixelCodec.toArgb(PixelCodec.fromGray8(all, 1, 16, 16, spec), 0, spec);
        for (int i = 0; i < 256; i++) {
            assertEquals(0xff000000 | i << 16 | i << 8 | i, argb[i], "byte " + i);
        }
    }

    @Test
    void colourToGreyUsesBt601Luma() {
        int[] argb = {0xffff0000, 0xff00ff00, 0xff0000ff, 0x00ffffff};
        ImageTensor t = PixelCodec.fromArgb(argb, 1, 2, 2, new ImageSpec(1, 2, 2, 0f, 255f));
        assertArrayEquals(new float[] {0.299f * 255, 0.587f * 255, 0.114f * 255, 255f}, t.data(), 1e-3f);
    }

    @Test
    void colourToRgbIsPlanarAndRoundTrips() {
        int[] argb = {0xff102030, 0xff405060, 0xff708090, 0xffa0b0c0};
        ImageTensor t = PixelCodec.fromArgb(argb, 1, 2, 2, RGB);
        assertEquals(3, t.c());
        assertEquals(0x10 / 255f, t.data()[0], 1e-6f);      // R plane first
        assertEquals(0x20 / 255f, t.data()[4], 1e-6f);      // then G
        assertEquals(0xc0 / 255f, t.data()[11], 1e-6f);     // B of the last pixel
        assertArrayEquals(argb, PixelCodec.toArgb(t, 0, RGB));
    }

    @Test
    void greyIsReplicatedForThreeChannels() {
        ImageTensor t = PixelCodec.fromGray8(new byte[] {0, 51, 102, (byte) 255}, 1, 2, 2, RGB);
        assertArrayEquals(new float[] {0f, 0.2f, 0.4f, 1f, 0f, 0.2f, 0.4f, 1f, 0f, 0.2f, 0.4f, 1f}, t.data(), 1e-6f);
    }

    @Test
    void outputIsClampedAndOpaque() {
        ImageTensor t = new ImageTensor(new float[] {-3f, 5f, Float.NaN, 0f}, 1, 1, 2, 2);
        assertArrayEquals(new int[] {0xff000000, 0xffffffff, 0xff000000, 0xff808080},
                PixelCodec.toArgb(t, 0, GREY));
    }

    @Test
    void batchesAreIndexedPerImage() {
        byte[] two = {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        ImageTensor t = PixelCodec.fromGray8(two, 2, 2, 2, GREY);
        assertEquals(2, t.n());
        assertEquals(0xffffffff, PixelCodec.toArgb(t, 1, GREY)[3]);
        assertEquals(0xff000000, PixelCodec.toArgb(t, 0, GREY)[3]);
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PixelCodec.fromGray8(new byte[3], 1, 2, 2, GREY));
        assertThrows(IllegalArgumentException.class, () -> PixelCodec.fromArgb(new int[5], 1, 2, 2, GREY));
        assertThrows(IndexOutOfBoundsException.class,
                () -> PixelCodec.toArgb(new ImageTensor(new float[4], 1, 1, 2, 2), 1, GREY));
    }

    @Test
    void tensorsSliceAndConcatenate() {
        ImageTensor a = new ImageTensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        assertEquals(4, a.imageSize());
        assertArrayEquals(new float[] {5, 6, 7, 8}, a.slice(1).data());
        ImageTensor b = ImageTensor.concat(List.of(a.slice(1), a));
        assertEquals(3, b.n());
        assertArrayEquals(new float[] {5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8}, b.data());
        assertThrows(IllegalArgumentException.class, () -> new ImageTensor(new float[7], 2, 1, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> ImageTensor.concat(List.of(a, new ImageTensor(new float[3], 1, 3, 1, 1))));
    }

    @Test
    void latentRowsAreCopies() {
        Latents l = new Latents(new float[] {1, 2, 3, 4, 5, 6}, null, 2, 3);
        assertArrayEquals(new float[] {4, 5, 6}, l.mu(1));
        assertThrows(IllegalArgumentException.class, () -> new Latents(new float[5], null, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Latents(new float[6], new float[5], 2, 3));
    }
}
