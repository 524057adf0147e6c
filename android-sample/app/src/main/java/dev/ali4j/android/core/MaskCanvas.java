package dev.ali4j.android.core;

import dev.ali4j.api.Mask;
import java.util.Arrays;

/**
 * A mask painted with a finger: a grid of the model's height and width on which strokes mark
 * pixels unknown, for {@link dev.ali4j.api.Inpainting}. Coordinates are in picture pixels as
 * floats (column {@code c} spans {@code c .. c+1}), as {@link FitCenter} gives them from touch
 * events. A stroke paints a round brush at every point and along the straight line between
 * consecutive points, so a fast swipe that reports few touch events still leaves an unbroken
 * line. Points off the grid are allowed: the brush is clipped.
 *
 * <p>Not thread-safe: the UI thread paints it; {@link #toMask()} takes an immutable copy for
 * the inference thread.
 *
 * <pre>{@code
 * MaskCanvas canvas = new MaskCanvas(28, 28, MaskCanvas.defaultBrushRadius(28, 28));
 * canvas.down(3.2f, 4.0f);            // ACTION_DOWN
 * canvas.move(20.5f, 4.0f);           // ACTION_MOVE
 * canvas.up();                        // ACTION_UP
 * Mask hole = canvas.toMask();        // then Inpainting.inpaint(model, images, hole, rounds)
 * }</pre>
 */
public final class MaskCanvas {
    /** Largest distance in pixels between two brush dabs along a stroke. */
    private static final float DAB_SPACING = 0.5f;

    private final int width;
    private final int height;
    private final float brushRadius;
    private final boolean[] unknown;
    private boolean stroking;
    private float lastX;
    private float lastY;

    /**
     * @param width grid columns (the model's image width), at least 1
     * @param height grid rows (the model's image height), at least 1
     * @param brushRadius brush radius in grid pixels, at least 0.5
     * @throws IllegalArgumentException if a value is out of range
     */
    public MaskCanvas(int width, int height, float brushRadius) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be at least 1, got " + width + "x" + height);
        }
        if (!(brushRadius >= 0.5f) || Float.isInfinite(brushRadius)) {
            throw new IllegalArgumentException("brush radius must be at least 0.5 pixels, got " + brushRadius);
        }
        this.width = width;
        this.height = height;
        this.brushRadius = brushRadius;
        this.unknown = new boolean[width * height];
    }

    /**
     * A brush about a fingertip wide on a phone showing the picture a third of the screen wide:
     * 5% of the picture's shorter side, at least one pixel (1.4 pixels on a 28x28 model).
     */
    public static float defaultBrushRadius(int width, int height) {
        return Math.max(1f, 0.05f * Math.min(width, height));
    }

    /** @return grid columns */
    public int width() {
        return width;
    }

    /** @return grid rows */
    public int height() {
        return height;
    }

    /** @return the brush radius in grid pixels */
    public float brushRadius() {
        return brushRadius;
    }

    /** Starts a stroke at {@code (x, y)} and paints there. */
    public void down(float x, float y) {
        stroking = true;
        dab(x, y);
        lastX = x;
        lastY = y;
    }

    /** Continues the stroke to {@code (x, y)}, painting the line from the last point; starts one if none is under way. */
    public void move(float x, float y) {
        if (!stroking) {
            down(x, y);
            return;
        }
        float dx = x - lastX;
        float dy = y - lastY;
        int steps = (int) Math.ceil(Math.hypot(dx, dy) / DAB_SPACING);
        for (int i = 1; i <= steps; i++) {
            dab(lastX + dx * i / steps, lastY + dy * i / steps);
        }
        lastX = x;
        lastY = y;
    }

    /** Ends the stroke; the next {@link #move} starts a new one rather than joining this one. */
    public void up() {
        stroking = false;
    }

    /** Marks every pixel known again. */
    public void clear() {
        Arrays.fill(unknown, false);
        stroking = false;
    }

    /** @return the number of pixels painted unknown */
    public int unknownCount() {
        return toMask().unknownCount();
    }

    /** @return true if nothing is painted */
    public boolean isEmpty() {
        return unknownCount() == 0;
    }

    /** @return the painted pixels as an immutable mask (true = unknown), {@code height x width} */
    public Mask toMask() {
        return new Mask(unknown, height, width);
    }

    /**
     * @param color {@code 0xAARRGGBB} for painted pixels, e.g. translucent red
     * @return {@code width * height} pixels: {@code color} where painted, transparent elsewhere
     */
    public ArgbImage overlay(int color) {
        int[] out = new int[unknown.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = unknown[i] ? color : 0;
        }
        return new ArgbImage(out, width, height);
    }

    /** Paints the pixel under {@code (x, y)} and every pixel whose centre lies within the brush. */
    private void dab(float x, float y) {
        if (x >= 0 && x < width && y >= 0 && y < height) {
            unknown[(int) y * width + (int) x] = true;
        }
        double r2 = (double) brushRadius * brushRadius;
        int rowFrom = Math.max(0, (int) Math.floor(y - brushRadius - 0.5));
        int rowTo = Math.min(height - 1, (int) Math.ceil(y + brushRadius - 0.5));
        int colFrom = Math.max(0, (int) Math.floor(x - brushRadius - 0.5));
        int colTo = Math.min(width - 1, (int) Math.ceil(x + brushRadius - 0.5));
        for (int row = rowFrom; row <= rowTo; row++) {
            double cy = row + 0.5 - y;
            for (int col = colFrom; col <= colTo; col++) {
                double cx = col + 0.5 - x;
                if (cx * cx + cy * cy <= r2) {
                    unknown[row * width + col] = true;
                }
            }
        }
    }
}
