package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.Mask;
import org.junit.jupiter.api.Test;

/** Finger strokes in view pixels to a mask on the model's grid. */
class MaskCanvasTest {

    @Test
    void aTapPaintsARoundDabUnderTheFinger() {
        MaskCanvas canvas = new MaskCanvas(28, 28, 1.5f);
        assertTrue(canvas.isEmpty());
        canvas.down(10.5f, 10.5f); // centre of pixel (10, 10)
        canvas.up();
        Mask mask = canvas.toMask();
        assertEquals(28, mask.height());
        assertEquals(28, mask.width());
        // pixel centres within 1.5: the 3x3 block around (10, 10) and nothing further
        for (int row = 8; row <= 12; row++) {
            for (int col = 8; col <= 12; col++) {
                boolean inside = Math.abs(row - 10) <= 1 && Math.abs(col - 10) <= 1;
                assertEquals(inside, mask.isUnknown(row, col), "(" + row + ", " + col + ")");
            }
        }
        assertEquals(9, canvas.unknownCount());
    }

    @Test
    void theSmallestBrushStillPaintsThePixelUnderTheFinger() {
        MaskCanvas canvas = new MaskCanvas(28, 28, 0.5f);
        canvas.down(3.05f, 7.95f); // near a corner of pixel (col 3, row 7), far from its centre
        assertTrue(canvas.toMask().isUnknown(7, 3));
        assertThrows(IllegalArgumentException.class, () -> new MaskCanvas(28, 28, 0.4f));
        assertThrows(IllegalArgumentException.class, () -> new MaskCanvas(0, 28, 1f));
    }

    @Test
    void aFastSwipeWithFewTouchEventsLeavesAnUnbrokenLine() {
        MaskCanvas canvas = new MaskCanvas(28, 28, 0.5f);
        canvas.down(1.5f, 14.5f);
        canvas.move(26.5f, 14.5f); // one move event across the whole picture
        canvas.up();
        Mask mask = canvas.toMask();
        for (int col = 1; col <= 26; col++) {
            assertTrue(mask.isUnknown(14, col), "column " + col);
        }
        assertFalse(mask.isUnknown(14, 0));
        assertFalse(mask.isUnknown(13, 10));
        // a diagonal, too
        canvas.clear();
        canvas.down(0.5f, 0.5f);
        canvas.move(27.5f, 27.5f);
        for (int i = 0; i < 28; i++) {
            assertTrue(canvas.toMask().isUnknown(i, i), "diagonal " + i);
        }
    }

    @Test
    void strokesDoNotJoinAcrossALiftedFinger() {
        MaskCanvas canvas = new MaskCanvas(28, 28, 0.5f);
        canvas.down(2.5f, 2.5f);
        canvas.up();
        canvas.move(20.5f, 2.5f); // a new stroke: starts here, no line from (2, 2)
        canvas.up();
        assertEquals(2, canvas.unknownCount());
    }

    @Test
    void theBrushIsClippedAtTheEdgesAndPointsOffThePictureAreAllowed() {
        MaskCanvas canvas = new MaskCanvas(28, 28, 2f);
        canvas.down(-0.5f, -0.5f); // off the picture, the brush reaches pixel (0, 0)
        assertTrue(canvas.toMask().isUnknown(0, 0));
        canvas.move(-50f, 100f);
        canvas.move(Float.NaN, 3f);
        canvas.up();
        canvas.down(1e9f, -1e9f);
        canvas.up();
        assertTrue(canvas.unknownCount() > 0);
        canvas.clear();
        assertTrue(canvas.isEmpty());
    }

    @Test
    void toMaskIsASnapshotAndTheOverlayShowsThePaintedPixels() {
        MaskCanvas canvas = new MaskCanvas(4, 3, 0.5f);
        canvas.down(1.5f, 2.5f);
        Mask before = canvas.toMask();
        canvas.move(3.5f, 0.5f);
        assertEquals(1, before.unknownCount(), "the mask handed out does not change with later strokes");
        ArgbImage overlay = canvas.overlay(0x80ff0000);
        assertEquals(4, overlay.width());
        assertEquals(3, overlay.height());
        assertEquals(0x80ff0000, overlay.pixel(1, 2));
        assertEquals(0, overlay.pixel(0, 0));
        Mask after = canvas.toMask();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(after.isUnknown(row, col), overlay.pixel(col, row) != 0);
            }
        }
    }

    @Test
    void defaultBrushIsAboutAFingertipOnTheModelsGrid() {
        assertEquals(1.4f, MaskCanvas.defaultBrushRadius(28, 28), 1e-6f);
        assertEquals(1f, MaskCanvas.defaultBrushRadius(8, 8), 1e-6f);
        assertEquals(3.2f, MaskCanvas.defaultBrushRadius(64, 96), 1e-6f);
    }

    @Test
    void touchesOnALetterboxedViewLandOnThePixelsDrawnUnderThem() {
        // a 28x28 picture in a 600x400 view: scaled to 400x400, 100 px margins left and right
        FitCenter fit = new FitCenter(600, 400, 28, 28);
        assertEquals(400f / 28, fit.scale(), 1e-5f);
        assertEquals(100f, fit.left(), 1e-4f);
        assertEquals(0f, fit.top(), 1e-4f);
        assertEquals(500f, fit.right(), 1e-3f);
        assertEquals(400f, fit.bottom(), 1e-3f);
        assertEquals(0f, fit.toImageX(100f), 1e-4f);
        assertEquals(28f, fit.toImageX(500f), 1e-3f);
        assertTrue(fit.toImageX(50f) < 0, "the margin is off the picture");

        MaskCanvas canvas = new MaskCanvas(28, 28, 0.5f);
        float viewX = fit.left() + 20.5f * fit.scale(); // the middle of the drawn pixel (col 20, row 7)
        float viewY = fit.top() + 7.5f * fit.scale();
        canvas.down(fit.toImageX(viewX), fit.toImageY(viewY));
        assertTrue(canvas.toMask().isUnknown(7, 20));
        assertEquals(1, canvas.unknownCount());

        FitCenter tall = new FitCenter(300, 900, 28, 28);
        assertEquals(300f, tall.top(), 1e-3f);
        assertEquals(0f, tall.toImageY(300f), 1e-4f);
        assertThrows(IllegalArgumentException.class, () -> new FitCenter(0, 10, 28, 28));
    }
}
