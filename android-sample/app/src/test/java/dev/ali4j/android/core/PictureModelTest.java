package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Mask;
import dev.ali4j.api.PixelCodec;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's model operations on a real bundle through the real ONNX Runtime, checked against
 * ali4j's own API called directly: the app adds pixel conversion, never its own inference.
 */
class PictureModelTest {
    @TempDir
    static Path tmp;
    private static PictureModel model;
    /** The same bundle loaded separately, to compute what the app must get. */
    private static OnnxLatentModel reference;

    @BeforeAll
    static void load() throws IOException {
        Path assets = TinyBundleAssets.create(tmp.resolve("assets"));
        Path installed = tmp.resolve("files/bundle");
        model = PictureModel.open(TinyBundleAssets.source(assets), "bundle", installed, 1);
        reference = OnnxLatentModel.load(installed);
    }

    @AfterAll
    static void close() {
        model.close();
        reference.close();
    }

    /** A 28x28 grey picture: a bright blob on black, like the demo's garments. */
    private static ArgbImage blob(int salt) {
        int[] p = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double d = Math.hypot(x - 14 - salt % 5, y - 13);
                int v = (int) Math.max(0, Math.min(255, 255 - d * 22 + salt));
                p[y * 28 + x] = 0xff000000 | (v << 16) | (v << 8) | v;
            }
        }
        return new ArgbImage(p, 28, 28);
    }

    private static int[] throughTheApi(ImageTensor t) {
        return PixelCodec.toArgb(t, 0, reference.manifest().image());
    }

    private static ImageTensor tensor(ArgbImage picture) {
        return PixelCodec.fromArgb(picture.pixels(), 1, 28, 28, reference.manifest().image());
    }

    /** The grey levels as stored, as Android's BitmapFactory gives them (AWT's getRGB would re-map grey). */
    private static ArgbImage decodeGreyPng(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType(), png.toString());
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            int v = image.getRaster().getSample(i % w, i / w, 0);
            argb[i] = 0xff000000 | (v << 16) | (v << 8) | v;
        }
        return new ArgbImage(argb, w, h);
    }

    @Test
    void describesTheLoadedBundle() {
        assertEquals("ali, tiny-test, 3 epochs: 1x28x28 images, latent size 8", model.describe());
        assertEquals(TinyBundleAssets.SPEC, model.spec());
        assertEquals(TinyBundleAssets.LATENT, model.manifest().latent().size());
    }

    @Test
    void reconstructionIsTheRuntimesReconstruction() {
        ArgbImage input = blob(0);
        ArgbImage out = model.reconstruct(input);
        assertEquals(28, out.width());
        assertEquals(28, out.height());
        assertArrayEquals(throughTheApi(reference.reconstruct(tensor(input))), out.pixels());
        assertFalse(Arrays.equals(input.pixels(), out.pixels()), "a reconstruction, not the input");
        assertFalse(Arrays.equals(out.pixels(), model.reconstruct(blob(60)).pixels()));
        for (int p : out.pixels()) {
            assertEquals(0xff, p >>> 24, "opaque");
            assertTrue(((p >> 16) & 0xff) == (p & 0xff) && ((p >> 8) & 0xff) == (p & 0xff), "grey model, grey pixels");
        }
    }

    /** The same scores as the library, the CLI and the server give for the same pixels (within 1e-4). */
    @Test
    void scoresAreTheRuntimesScores() {
        ArgbImage input = blob(2);
        AnomalyScores app = model.score(input);
        AnomalyScores library = new AnomalyScorer(reference).score(tensor(input));
        assertEquals(4, app.kinds().size(), "the shipped bundle has a discriminator and no profile");
        assertEquals(library.kinds(), app.kinds());
        for (AnomalyScoreKind kind : app.kinds()) {
            assertEquals(library.value(kind, 0), app.value(kind, 0), 1e-4, kind.label());
        }
        String line = PictureModel.describe(app);
        assertTrue(line.startsWith("Anomaly score (" + AnomalyScoreKind.UNCALIBRATED.label() + ") "), line);
        assertTrue(line.endsWith("(the bundle is not calibrated: run ali calibrate for percentiles)"), line);
    }

    /** A calibrated bundle: all six scores, the combined one primary, with its percentile. */
    @Test
    void aCalibratedBundleGivesTheCombinedScoreAndItsPercentile() throws IOException {
        Path assets = TinyBundleAssets.createCalibrated(tmp.resolve("calibrated-assets"));
        Path installed = tmp.resolve("files/calibrated");
        try (PictureModel calibrated = PictureModel.open(TinyBundleAssets.source(assets), "bundle", installed, 1);
                OnnxLatentModel library = OnnxLatentModel.load(installed)) {
            ArgbImage input = blob(2);
            AnomalyScores app = calibrated.score(input);
            AnomalyScores expected = new AnomalyScorer(library).score(tensor(input));
            assertEquals(AnomalyScoreKind.COMBINED, app.primary());
            assertEquals(AnomalyScoreKind.values().length, app.kinds().size(), app.kinds().toString());
            assertEquals(expected.kinds(), app.kinds());
            for (AnomalyScoreKind kind : app.kinds()) {
                assertEquals(expected.value(kind, 0), app.value(kind, 0), 1e-4, kind.label());
            }
            assertEquals(expected.percentile(0), app.percentile(0), 1e-4);
            String line = PictureModel.describe(app);
            assertTrue(line.startsWith("Anomaly score (combined) "), line);
            assertTrue(line.matches(".*: \\d+\\.\\dth percentile of normal pictures, (ANOMALOUS|normal)"), line);
        }
    }

    @Test
    void picturesOfTheWrongSizeAreRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.reconstruct(new ArgbImage(new int[30 * 28], 30, 28)));
        assertTrue(e.getMessage().contains("prepare() it first"), e.getMessage());
    }

    @Test
    void preparingAPhotoGivesTheModelsSizeInTheModelsTones() {
        // a 300x200 colour photo of a dark object on white paper
        int[] p = new int[300 * 200];
        Arrays.fill(p, 0xfff4f0ea);
        for (int y = 60; y < 140; y++) {
            for (int x = 110; x < 190; x++) {
                p[y * 300 + x] = 0xff203060;
            }
        }
        PictureModel.Prepared prepared = model.prepare(new ArgbImage(p, 300, 200));
        assertTrue(prepared.inverted(), "light background, inverted");
        ArgbImage input = prepared.image();
        assertEquals(28, input.width());
        assertEquals(28, input.height());
        int centre = input.pixel(14, 14) & 0xff;
        int corner = input.pixel(0, 0) & 0xff;
        assertTrue(centre > 200 && corner < 20, "light object on black now: centre " + centre + ", corner " + corner);
        // exactly what the model gets: preparing it again changes nothing
        PictureModel.Prepared again = model.prepare(input);
        assertFalse(again.inverted());
        assertArrayEquals(input.pixels(), again.image().pixels());
    }

    @Test
    void inpaintingKeepsThePixelsLeftUnpaintedAndIsTheApisInpainting() {
        ArgbImage input = model.prepare(blob(10)).image();
        MaskCanvas canvas = new MaskCanvas(28, 28, MaskCanvas.defaultBrushRadius(28, 28));
        canvas.down(6f, 14f);
        canvas.move(22f, 14f);
        canvas.up();
        Mask mask = canvas.toMask();
        ArgbImage filled = model.inpaint(input, mask, 2);

        assertArrayEquals(throughTheApi(Inpainting.inpaint(reference, tensor(input), mask, 2)), filled.pixels());
        int changed = 0;
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                if (mask.isUnknown(row, col)) {
                    changed += filled.pixel(col, row) != input.pixel(col, row) ? 1 : 0;
                } else {
                    assertEquals(input.pixel(col, row), filled.pixel(col, row), "known pixel (" + col + ", " + row + ")");
                }
            }
        }
        assertTrue(changed > mask.unknownCount() / 2, changed + " of " + mask.unknownCount() + " painted pixels filled");
    }

    @Test
    void samplesAreAGridOfTheApisSeededSamples() {
        ArgbImage grid = model.samples(4, 3, 42);
        assertEquals(4 * 29 - 1, grid.width());
        assertEquals(3 * 29 - 1, grid.height());
        ImageTensor expected = Sampling.sample(reference, 12, 42);
        for (int i = 0; i < 12; i++) {
            int[] tile = PixelCodec.toArgb(expected, i, reference.manifest().image());
            int left = (i % 4) * 29;
            int top = (i / 4) * 29;
            for (int y = 0; y < 28; y += 9) {
                for (int x = 0; x < 28; x += 9) {
                    assertEquals(tile[y * 28 + x], grid.pixel(left + x, top + y), "tile " + i);
                }
            }
        }
        assertEquals(PictureModel.GRID_LINE, grid.pixel(28, 0));
        assertEquals(PictureModel.GRID_LINE, grid.pixel(0, 28));
        assertArrayEquals(grid.pixels(), model.samples(4, 3, 42).pixels(), "same seed, same grid");
        assertFalse(Arrays.equals(grid.pixels(), model.samples(4, 3, 43).pixels()));
        assertThrows(IllegalArgumentException.class, () -> model.samples(0, 3, 1));
    }

    @Test
    void theTestImagesShippedInTheAssetsGoThroughTheModel() throws IOException {
        Path dir = Paths.get(System.getProperty("ali4j.sampleDir", ".")).resolve("app/src/main/assets/test-images");
        int count = 0;
        try (DirectoryStream<Path> pngs = Files.newDirectoryStream(dir, "*.png")) {
            for (Path png : pngs) {
                ArgbImage picture = decodeGreyPng(png);
                PictureModel.Prepared prepared = model.prepare(picture);
                assertFalse(prepared.inverted(), png + ": Fashion-MNIST is light on black");
                assertArrayEquals(picture.pixels(), prepared.image().pixels(), png + " is 28x28 grey already");
                assertNotEquals(0, model.reconstruct(prepared.image()).pixels().length);
                count++;
            }
        }
        assertTrue(count >= 3, "test images in " + dir + ": " + count);
    }
}
