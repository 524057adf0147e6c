package dev.ali4j.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes real PNG and JPEG files with ImageIO and reads the folders back. */
class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** A w x h image whose pixel (x, y) is {@code argb.at(x, y)}, RGB or grey. */
    static BufferedImage image(int w, int h, boolean grey, Painter argb) {
        BufferedImage image = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int value = argb.at(x, y);
                if (grey) {
                    image.getRaster().setSample(x, y, 0, value & 0xFF);
                } else {
                    image.setRGB(x, y, value);
                }
            }
        }
        return image;
    }

    interface Painter {
        int at(int x, int y);
    }

    static Path write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String format = name.endsWith(".png") ? "png" : "jpeg";
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
        return file;
    }

    /** A uniform grey PNG whose level identifies it. */
    static Path writeGrey(Path file, int level) throws IOException {
        return write(file, image(4, 4, true, (x, y) -> level));
    }

    /** The grey level of each image of a grey set, identifying which file it came from. */
    static List<Integer> levels(ImageSet set) {
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            levels.add(set.pixel(i, 0, 0, 0));
        }
        return levels;
    }

    @Test
    void colourPngBecomesGreyByLumaForAGreyTarget() throws IOException {
        write(dir.resolve("train/a.png"), image(4, 4, false, (x, y) -> 0xC86432)); // R 200, G 100, B 50
        writeGrey(dir.resolve("test/b.png"), 77);

        DataSplits data = ImageFolderReader.read(dir, 1, 4, 4);

        assertEquals(1, data.train().channels());
        // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(124, data.train().pixel(0, 0, y, x));
                assertEquals(77, data.test().pixel(0, 0, y, x));
            }
        }
        assertFalse(data.train().hasLabels());
        assertEquals(dir.resolve("train").toString(), data.train().name());
        assertEquals("image folder (" + dir + ", unlabelled, 1 train / 1 test, train/ and test/, as 1x4x4)",
                data.description());
    }

    @Test
    void nonSquareImageIsCroppedToItsCentreSquare() throws IOException {
        // 8 wide, 4 high: columns 0-1 and 6-7 black, the centre square 2-5 a horizontal ramp.
        write(dir.resolve("train/wide.png"), image(8, 4, true, (x, y) -> x < 2 || x > 5 ? 0 : 40 * x + y));
        writeGrey(dir.resolve("test/t.png"), 0);

        ImageSet train = ImageFolderReader.read(dir, 1, 4, 4).train();

        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(40 * (x + 2) + y, train.pixel(0, 0, y, x), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void tallImageIsShrunkToTheTargetAfterCropping() throws IOException {
        // 16 wide, 32 high: top and bottom quarters white, the centre 16x16 split dark/light left/right.
        write(dir.resolve("train/tall.png"), image(16, 32, true, (x, y) -> y < 8 || y >= 24 ? 255 : x < 8 ? 20 : 200));
        writeGrey(dir.resolve("test/t.png"), 0);

        ImageSet train = ImageFolderReader.read(dir, 1, 4, 4).train();

        for (int y = 0; y < 4; y++) {
            assertEquals(20, train.pixel(0, 0, y, 0), 1);
            assertEquals(20, train.pixel(0, 0, y, 1), 1);
            assertEquals(200, train.pixel(0, 0, y, 2), 1);
            assertEquals(200, train.pixel(0, 0, y, 3), 1);
        }
    }

    @Test
    void jpegIsReadInColourAndResizedApproximately() throws IOException {
        write(dir.resolve("train/photo.jpg"), image(24, 16, false, (x, y) -> 0x1E78D2)); // R 30, G 120, B 210
        write(dir.resolve("test/grey.png"), image(5, 5, true, (x, y) -> 90));

        DataSplits data = ImageFolderReader.read(dir, 3, 8, 8);

        assertEquals(3, data.train().channels());
        assertEquals(8, data.train().height());
        assertEquals(8, data.train().width());
        int[] expected = {30, 120, 210};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(expected[c], data.train().pixel(0, c, y, x), 4, "JPEG is lossy");
                    assertEquals(90, data.test().pixel(0, c, y, x), "grey repeats in R, G and B");
                }
            }
        }
    }

    @Test
    void classSubFoldersAreLabelledInSortedOrder() throws IOException {
        writeGrey(dir.resolve("train/zebra/1.png"), 1);
        writeGrey(dir.resolve("train/ant/nested/2.png"), 2);
        writeGrey(dir.resolve("train/ant/3.png"), 3);
        writeGrey(dir.resolve("test/moth/4.png"), 4);
        writeGrey(dir.resolve("test/ant/5.png"), 5);

        DataSplits data = ImageFolderReader.read(dir, 1, 4, 4);

        // Classes: ant 0, moth 1, zebra 2 (the union of both splits); images in path order.
        assertEquals(List.of(3, 2, 1), levels(data.train()));
        assertArrayEquals(new int[] {0, 0, 2}, data.train().labels());
        assertEquals(List.of(5, 4), levels(data.test()));
        assertArrayEquals(new int[] {0, 1}, data.test().labels());
        assertTrue(data.description().contains("3 classes, 3 train / 2 test"), data.description());
    }

    @Test
    void folderWithoutTrainAndTestIsSplitNinetyTenBySeed() throws IOException {
        for (int i = 0; i < 20; i++) {
            writeGrey(dir.resolve(String.format("img%02d.png", i)), 10 * i);
        }

        DataSplits data = ImageFolderReader.read(dir, 1, 4, 4);
        DataSplits again = ImageFolderReader.read(dir, 1, 4, 4);

        assertEquals(18, data.train().size());
        assertEquals(2, data.test().size());
        assertEquals(levels(data.test()), levels(again.test()), "the split is the same on every run");
        Set<Integer> all = new HashSet<>(levels(data.train()));
        all.addAll(levels(data.test()));
        assertEquals(20, all.size(), "every image lands in exactly one split");
        List<Integer> train = levels(data.train());
        assertEquals(train.stream().sorted().toList(), train, "splits keep path order");
        assertEquals(dir + " (train split)", data.train().name());
        assertEquals("image folder (" + dir + ", unlabelled, 18 train / 2 test, seeded 90/10 split, as 1x4x4)",
                data.description());
    }

    @Test
    void seededSplitKeepsClassLabels() throws IOException {
        for (int i = 0; i < 6; i++) {
            writeGrey(dir.resolve((i % 2 == 0 ? "even" : "odd") + "/" + i + ".png"), 10 * i);
        }

        DataSplits data = ImageFolderReader.read(dir, 1, 4, 4);

        assertEquals(5, data.train().size());
        for (ImageSet split : new ImageSet[] {data.train(), data.test()}) {
            for (int i = 0; i < split.size(); i++) {
                assertEquals(split.pixel(i, 0, 0, 0) / 10 % 2, split.label(i), "even is class 0, odd class 1");
            }
        }
    }

    @Test
    void testCountIsATenthRoundedAtLeastOne() {
        assertEquals(1, ImageFolderReader.testCount(2));
        assertEquals(1, ImageFolderReader.testCount(14));
        assertEquals(2, ImageFolderReader.testCount(15));
        assertEquals(1000, ImageFolderReader.testCount(10000));
    }

    @Test
    void hiddenAndNonImageFilesAreIgnored() throws IOException {
        writeGrey(dir.resolve("a.png"), 1);
        writeGrey(dir.resolve("b.PNG"), 2);
        Files.writeString(dir.resolve("README.txt"), "not an image");
        Files.writeString(dir.resolve(".DS_Store"), "junk");
        Files.createDirectories(dir.resolve(".thumbnails"));

        DataSplits data = ImageFolderReader.read(dir, 1, 4, 4);

        assertEquals(2, data.train().size() + data.test().size());
    }

    @Test
    void pngThatIsNotAnImageNamesTheFile() throws IOException {
        writeGrey(dir.resolve("good.png"), 1);
        Path bad = Files.writeString(dir.resolve("bad.png"), "this is text, not a PNG");

        IOException e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir, 1, 4, 4));

        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
    }

    @Test
    void truncatedPngNamesTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(write(dir.resolve("whole.png"),
                image(64, 64, false, (x, y) -> x * 4 << 16 | y * 4)));
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(whole, whole.length / 2));

        IOException e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir, 3, 8, 8));

        assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
    }

    @Test
    void folderMixingImagesAndSubFoldersIsRefused() throws IOException {
        writeGrey(dir.resolve("loose.png"), 1);
        writeGrey(dir.resolve("cats/c.png"), 2);

        DataFileException e = assertThrows(DataFileException.class, () -> ImageFolderReader.read(dir, 1, 4, 4));

        assertTrue(e.getMessage().startsWith(dir + ": holds both image files (e.g. loose.png) and sub-folders"
                + " (e.g. cats/)"), e.getMessage());
    }

    @Test
    void trainWithoutTestIsRefused() throws IOException {
        writeGrey(dir.resolve("train/a.png"), 1);

        DataFileException e = assertThrows(DataFileException.class, () -> ImageFolderReader.read(dir, 1, 4, 4));

        assertEquals(dir + ": has a train/ folder but no test/; give both, or neither for a seeded 90/10 split",
                e.getMessage());
    }

    @Test
    void folderWithoutImagesSaysWhatItLookedFor() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "no images here");

        DataFileException e = assertThrows(DataFileException.class, () -> ImageFolderReader.read(dir, 1, 4, 4));

        assertTrue(e.getMessage().startsWith(dir + ": holds no images (looked for bmp, gif, jpeg, jpg, png"),
                e.getMessage());
    }

    @Test
    void singleImageCannotBeSplit() throws IOException {
        writeGrey(dir.resolve("only.png"), 1);

        assertThrows(DataFileException.class, () -> ImageFolderReader.read(dir, 1, 4, 4));
    }

    @Test
    void missingFolderIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> ImageFolderReader.read(dir.resolve("absent"), 1, 4, 4));
    }

    @Test
    void impossibleTargetIsRefusedBeforeReading() {
        assertThrows(IllegalArgumentException.class, () -> ImageFolderReader.read(dir, 2, 4, 4));
    }
}
