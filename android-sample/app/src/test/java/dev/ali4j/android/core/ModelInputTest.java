package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.ImageSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Choosing the decode size and scaling any picture to the model's input size. */
class ModelInputTest {
    private static final ImageSpec GREY28 = new ImageSpec(1, 28, 28);

    private static int grey(int v) {
        return 0xff000000 | (v << 16) | (v << 8) | v;
    }

    private static ArgbImage filled(int w, int h, int argb) {
        int[] p = new int[w * h];
        Arrays.fill(p, argb);
        return new ArgbImage(p, w, h);
    }

    @Test
    void centreCropKeepsTheModelsAspectRatioAndTheLargestCentredArea() {
        ModelInput.Crop landscape = ModelInput.centerCrop(4000, 3000, 28, 28);
        assertEquals(500, landscape.x);
        assertEquals(0, landscape.y);
        assertEquals(3000, landscape.width);
        assertEquals(3000, landscape.height);

        ModelInput.Crop portrait = ModelInput.centerCrop(30, 90, 28, 28);
        assertEquals(0, portrait.x);
        assertEquals(30, portrait.y);
        assertEquals(30, portrait.width);
        assertEquals(30, portrait.height);

        ModelInput.Crop wideModel = ModelInput.centerCrop(100, 100, 64, 32);
        assertEquals(100, wideModel.width);
        assertEquals(50, wideModel.height);
        assertEquals(25, wideModel.y);

        ModelInput.Crop same = ModelInput.centerCrop(28, 28, 28, 28);
        assertEquals(0, same.x);
        assertEquals(28, same.width);
        assertThrows(IllegalArgumentException.class, () -> ModelInput.centerCrop(0, 10, 28, 28));
    }

    @Test
    void decodeSampleSizeIsTheLargestPowerOfTwoThatStillCoversTheModel() {
        // 12-megapixel photo: crop 3000x3000; 3000/64 = 46 >= 28 but 3000/128 = 23 < 28
        assertEquals(64, ModelInput.decodeSampleSize(4000, 3000, GREY28));
        assertEquals(1, ModelInput.decodeSampleSize(28, 28, GREY28));
        assertEquals(1, ModelInput.decodeSampleSize(55, 55, GREY28));
        assertEquals(2, ModelInput.decodeSampleSize(56, 56, GREY28));
        assertEquals(1, ModelInput.decodeSampleSize(10, 10, GREY28)); // smaller than the model: never below 1
        // the camera's thumbnail
        assertEquals(4, ModelInput.decodeSampleSize(160, 120, GREY28));
        int s = ModelInput.decodeSampleSize(4032, 3024, GREY28);
        assertTrue(3024 / s >= 28 && 3024 / (2 * s) < 28, "sample " + s);
    }

    @Test
    void fitGivesTheModelsSizeAndKeepsAUniformPictureUniform() {
        ArgbImage out = ModelInput.fit(filled(400, 300, grey(77)), GREY28);
        assertEquals(28, out.width());
        assertEquals(28, out.height());
        for (int p : out.pixels()) {
            assertEquals(grey(77), p);
        }
        ArgbImage up = ModelInput.fit(filled(5, 7, grey(200)), 28, 28); // smaller than the model: scaled up
        for (int p : up.pixels()) {
            assertEquals(grey(200), p);
        }
    }

    @Test
    void fitAveragesTheAreaEachPixelCovers() {
        // 56x56 in 2x2 blocks of 0 and 200 alternating by column: each output pixel averages one block
        int[] p = new int[56 * 56];
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                p[y * 56 + x] = (x / 2) % 2 == 0 ? grey(0) : grey(200);
            }
        }
        ArgbImage out = ModelInput.fit(new ArgbImage(p, 56, 56), GREY28);
        assertEquals(grey(0), out.pixel(0, 0));
        assertEquals(grey(200), out.pixel(1, 0));
        assertEquals(grey(0), out.pixel(26, 27));
        // a one-pixel checkerboard halved: every output pixel is the mean, 100
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                p[y * 56 + x] = (x + y) % 2 == 0 ? grey(0) : grey(200);
            }
        }
        for (int v : ModelInput.fit(new ArgbImage(p, 56, 56), GREY28).pixels()) {
            assertEquals(grey(100), v);
        }
        // 3:2 downscale (42 -> 28) of black columns 0..19 and white 20..41: output pixel 13 covers
        // input columns 19.5..21, half a black column and a white one: (0 * 0.5 + 255 * 1) / 1.5
        int[] split = new int[42 * 42];
        for (int i = 0; i < split.length; i++) {
            split[i] = (i % 42) < 20 ? grey(0) : grey(255);
        }
        ArgbImage scaled = ModelInput.fit(new ArgbImage(split, 42, 42), GREY28);
        assertEquals(grey(0), scaled.pixel(12, 5));
        assertEquals(grey(170), scaled.pixel(13, 5));
        assertEquals(grey(255), scaled.pixel(14, 5));
        assertEquals(grey(255), scaled.pixel(27, 27));
    }

    @Test
    void fitCropsTheCentreAndLaysTransparencyOverBlack() {
        // 84x28: left and right thirds red, the centre green; the crop is the centre
        int[] p = new int[84 * 28];
        for (int i = 0; i < p.length; i++) {
            int x = i % 84;
            p[i] = x >= 28 && x < 56 ? 0xff00ff00 : 0xffff0000;
        }
        for (int v : ModelInput.fit(new ArgbImage(p, 84, 28), GREY28).pixels()) {
            assertEquals(0xff00ff00, v);
        }
        ArgbImage halfTransparentWhite = ModelInput.fit(filled(28, 28, 0x80ffffff), GREY28);
        assertEquals(grey(128), halfTransparentWhite.pixel(3, 3));
        assertEquals(grey(0), ModelInput.fit(filled(28, 28, 0x00ffffff), GREY28).pixel(0, 0));
    }

    @Test
    void lightBordersAreDetectedAndInvertingFlipsColoursButNotAlpha() {
        int[] p = new int[10 * 10];
        Arrays.fill(p, grey(240));
        p[5 * 10 + 5] = grey(0);
        ArgbImage paper = new ArgbImage(p, 10, 10);
        assertTrue(ModelInput.hasLightBorder(paper));
        ArgbImage inverted = ModelInput.invert(paper);
        assertEquals(grey(15), inverted.pixel(0, 0));
        assertEquals(grey(255), inverted.pixel(5, 5));
        assertFalse(ModelInput.hasLightBorder(inverted));
        assertEquals(0x80000000 | 0x00123456, ModelInput.invert(filled(1, 1, 0x80edcba9)).pixel(0, 0));
        assertEquals(grey(240), paper.pixel(0, 0), "invert makes a new picture");
    }
}
