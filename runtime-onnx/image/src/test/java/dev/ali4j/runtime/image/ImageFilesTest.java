package dev.ali4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.PixelCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFilesTest {
    private static final ImageSpec GREY28 = new ImageSpec(1, 28, 28);
    private static final ImageSpec RGB28 = new ImageSpec(3, 28, 28, 0f, 1f);

    @TempDir
    Path dir;

    static byte[] greyPattern(int w, int h) {
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) ((x * 9 + y * 5) % 256);
            }
        }
        return pixels;
    }

    static BufferedImage greyImage(byte[] pixels, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, w, h, pixels);
        return image;
    }

    static BufferedImage rgbImage(int[] argb, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, argb, 0, w);
        return image;
    }

    private Path write(BufferedImage image, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no ImageIO writer for " + format);
        return file;
    }

    private static byte[] greyBytes(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        byte[] out = new byte[image.getWidth() * image.getHeight()];
        image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), out);
        return out;
    }

    @Test
    void greyPngRoundTripsExactly() throws IOException {
        byte[] pixels = greyPattern(28, 28);
        Path png = write(greyImage(pixels, 28, 28), "png", "grey.png");
        ImageTensor t = ImageFiles.read(List.of(png), GREY28);
        assertEquals(1, t.n());
        assertArrayEquals(PixelCodec.fromGray8(pixels, 1, 28, 28, GREY28).data(), t.data());

        Path again = dir.resolve("again.png");
        ImageFiles.writePng(t, 0, GREY28, again);
        assertArrayEquals(pixels, greyBytes(again));
    }

    @Test
    void colourPngRoundTripsExactly() throws IOException {
        Random random = new Random(7);
        int[] argb = new int[28 * 28];
        Arrays.setAll(argb, i -> 0xff000000 | random.nextInt(1 << 24));
        Path png = write(rgbImage(argb, 28, 28), "png", "colour.png");
        ImageTensor t = ImageFiles.read(List.of(png), RGB28);
        assertEquals(3, t.c());
        assertArrayEquals(PixelCodec.fromArgb(argb, 1, 28, 28, RGB28).data(), t.data());

        Path again = dir.resolve("again.png");
        ImageFiles.writePng(t, 0, RGB28, again);
        assertArrayEquals(argb, ImageIO.read(again.toFile()).getRGB(0, 0, 28, 28, null, 0, 28));
    }

    @Test
    void jpegIsReadWithinCompressionError() throws IOException {
        int[] argb = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                argb[y * 28 + x] = 0xff000000 | (x * 9) << 16 | (y * 9) << 8 | 128;
            }
        }
        Path jpeg = write(rgbImage(argb, 28, 28), "jpeg", "smooth.jpg");
        ImageTensor t = ImageFiles.read(List.of(jpeg), RGB28);
        float[] expected = PixelCodec.fromArgb(argb, 1, 28, 28, RGB28).data();
        double meanError = 0;
        for (int i = 0; i < expected.length; i++) {
            meanError += Math.abs(expected[i] - t.data()[i]);
        }
        meanError /= expected.length;
        assertTrue(meanError < 4 / 255.0, "mean error " + meanError * 255 + " levels");

        Path greyJpeg = write(greyImage(greyPattern(28, 28), 28, 28), "jpeg", "grey.jpg");
        assertEquals(1, ImageFiles.read(List.of(greyJpeg), GREY28).c());
    }

    @Test
    void colourImageIsReadAsBt601GreyForAGreySpec() throws IOException {
        int[] argb = new int[28 * 28];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = i < 28 * 14 ? 0xffff0000 : 0xff0000ff; // top half red, bottom half blue
        }
        ImageSpec spec = new ImageSpec(1, 28, 28, 0f, 255f);
        ImageTensor t = ImageFiles.read(List.of(write(rgbImage(argb, 28, 28), "png", "rb.png")), spec);
        assertEquals(1, t.c());
        assertEquals(0.299f * 255, t.data()[0], 1e-3f);
        assertEquals(0.114f * 255, t.data()[28 * 28 - 1], 1e-3f);
    }

    @Test
    void greyImageIsRepeatedForAColourSpec() throws IOException {
        byte[] pixels = greyPattern(28, 28);
        ImageTensor t = ImageFiles.read(List.of(write(greyImage(pixels, 28, 28), "png", "g.png")), RGB28);
        assertEquals(3, t.c());
        float[] plane = PixelCodec.fromGray8(pixels, 1, 28, 28, new ImageSpec(1, 28, 28, 0f, 1f)).data();
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plane, Arrays.copyOfRange(t.data(), c * 784, (c + 1) * 784));
        }
    }

    @Test
    void largerImageIsScaledToCoverThenCentreCropped() throws IOException {
        // 40 wide, 20 high: black, 20 white columns, black. Covering 10x10 scales by 0.5 (to 20x10)
        // and crops 5 columns each side, which leaves exactly the white middle.
        byte[] pixels = new byte[40 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 10; x < 30; x++) {
                pixels[y * 40 + x] = (byte) 255;
            }
        }
        ImageSpec spec = new ImageSpec(1, 10, 10, 0f, 1f);
        ImageTensor t = ImageFiles.read(List.of(write(greyImage(pixels, 40, 20), "png", "wide.png")), spec);
        assertEquals(10, t.h());
        assertEquals(10, t.w());
        float[] white = new float[100];
        Arrays.fill(white, 1f);
        assertArrayEquals(white, t.data());
    }

    @Test
    void smallerImageIsUpscaledBilinearly() throws IOException {
        // a 2x2 checkerboard grows into 4x4 with blended values in between, corners kept
        byte[] pixels = {0, (byte) 255, (byte) 255, 0};
        ImageSpec spec = new ImageSpec(1, 4, 4, 0f, 255f);
        ImageTensor t = ImageFiles.read(List.of(write(greyImage(pixels, 2, 2), "png", "tiny.png")), spec);
        assertEquals(16, t.data().length);
        assertEquals(0f, t.data()[0]);
        assertEquals(255f, t.data()[3]);
        assertEquals(64f, t.data()[1], 0.6f); // 0.75 * 0 + 0.25 * 255, rounded to a byte
        assertEquals(0f, t.data()[15]);
    }

    @Test
    void filesAreReadIntoOneBatchInOrder() throws IOException {
        byte[] dark = new byte[28 * 28];
        byte[] light = new byte[28 * 28];
        Arrays.fill(light, (byte) 255);
        Path a = write(greyImage(dark, 28, 28), "png", "a.png");
        Path b = write(greyImage(light, 28, 28), "bmp", "b.bmp");
        ImageTensor t = ImageFiles.read(List.of(b, a, b), GREY28);
        assertEquals(3, t.n());
        assertEquals(1f, t.data()[0]);
        assertEquals(-1f, t.data()[784]);
        assertEquals(1f, t.data()[2 * 784]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bmp", "gif", "tiff"})
    void otherFormatsAreRead(String format) throws IOException {
        byte[] pixels = greyPattern(28, 28);
        Path file = write(greyImage(pixels, 28, 28), format, "pattern." + format);
        ImageTensor t = ImageFiles.read(List.of(file), GREY28);
        float[] expected = PixelCodec.fromGray8(pixels, 1, 28, 28, GREY28).data();
        assertArrayEquals(expected, t.data(), 2.5f / 255 * 2, format); // GIF's palette may round a level
    }

    @Test
    void aLaterPageOverThePixelLimitIsRefusedBeforeDecoding() throws IOException {
        // A small first page hides nothing: every page's declared size is checked.
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tiff)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(greyImage(greyPattern(8, 8), 8, 8), null, null), null);
            writer.writeToSequence(new IIOImage(greyImage(greyPattern(400, 300), 400, 300), null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFiles.decode(tiff.toByteArray(),
                "pages.tiff", GREY28, ImageOptions.defaults().withMaxPixels(100_000)));
        assertTrue(e.tooLarge());
        assertEquals("pages.tiff: frame 2 declares 400x300 = 120000 pixels, more than the limit of 100000",
                e.getMessage());
    }

    @Test
    void corruptPngNamesTheFile() throws IOException {
        Path good = write(greyImage(greyPattern(28, 28), 28, 28), "png", "good.png");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.png");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(List.of(good, truncated), GREY28));
        assertTrue(e.getMessage().startsWith(truncated + ": corrupt or unsupported image"), e.getMessage());

        Path garbage = dir.resolve("garbage.png");
        byte[] junk = new byte[200];
        new Random(1).nextBytes(junk);
        System.arraycopy(bytes, 0, junk, 0, 16); // a PNG signature and the start of a header
        Files.write(garbage, junk);
        e = assertThrows(IOException.class, () -> ImageFiles.read(List.of(garbage), GREY28));
        assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
    }

    @Test
    void nonImageAndMissingFilesNameTheFile() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not an image at all", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(List.of(text), GREY28));
        assertEquals(text + ": not an image this program can read (supported: PNG, JPEG, BMP, GIF, WebP, TIFF)",
                e.getMessage());

        Path missing = dir.resolve("missing.png");
        e = assertThrows(IOException.class, () -> ImageFiles.read(List.of(missing), GREY28));
        assertEquals(missing + ": no such file", e.getMessage());
        e = assertThrows(IOException.class, () -> ImageFiles.read(List.of(dir), GREY28));
        assertEquals(dir + ": is a directory, not an image", e.getMessage());
    }

    @Test
    void gridHasTwoPixelBordersAndTheExpectedSize() throws IOException {
        float[] data = new float[5 * 784];
        Arrays.fill(data, 1f); // white images
        ImageTensor five = new ImageTensor(data, 5, 1, 28, 28);

        Path grid = dir.resolve("grid.png");
        ImageFiles.writeGrid(five, 3, GREY28, grid);
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(3 * (28 + 2) + 2, image.getWidth());
        assertEquals(2 * (28 + 2) + 2, image.getHeight());
        byte[] grey = greyBytes(grid);
        int w = image.getWidth();
        assertEquals(ImageFiles.GRID_BORDER_GREY, grey[0] & 0xff);              // outer border
        assertEquals(255, grey[2 * w + 2] & 0xff);                              // first cell
        assertEquals(ImageFiles.GRID_BORDER_GREY, grey[2 * w + 30] & 0xff);     // between cells
        assertEquals(ImageFiles.GRID_BORDER_GREY, grey[40 * w + 70] & 0xff);    // empty sixth cell

        Path big = dir.resolve("big.png");
        ImageFiles.writeGrid(five, 8, 2, GREY28, big);
        BufferedImage scaled = ImageIO.read(big.toFile());
        assertEquals(5 * (56 + 2) + 2, scaled.getWidth()); // columns capped at n
        assertEquals(56 + 2 + 2, scaled.getHeight());
    }

    @Test
    void colourGridIsRgb() throws IOException {
        ImageTensor two = new ImageTensor(new float[2 * 3 * 4 * 4], 2, 3, 4, 4);
        Path grid = dir.resolve("rgb.png");
        ImageFiles.writeGrid(two, 2, 3, RGB28, grid);
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(2 * (12 + 2) + 2, image.getWidth());
        assertEquals(0xff000000, image.getRGB(2, 2));
    }

    @Test
    void writingLeavesNoTemporaryFilesAndReplacesAtomically() throws IOException {
        ImageTensor t = new ImageTensor(new float[784], 1, 1, 28, 28);
        Path png = dir.resolve("out.png");
        ImageFiles.writePng(t, 0, GREY28, png);
        ImageFiles.writePng(t, 0, GREY28, png);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
        IOException e = assertThrows(IOException.class,
                () -> ImageFiles.writePng(t, 0, GREY28, dir.resolve("no/such/dir/x.png")));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }
}
