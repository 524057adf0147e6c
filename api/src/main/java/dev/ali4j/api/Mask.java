package dev.ali4j.api;

import java.util.Arrays;

/**
 * Which pixels of an image are unknown, for {@link Inpainting}: one {@code height x width} plane,
 * row-major, applied to every channel of every image of a batch. {@code true} means unknown (to
 * be filled in), {@code false} known (kept exactly). Immutable.
 *
 * <p>Mask pictures follow the usual convention of inpainting tools: <b>white marks the hole</b>.
 * A pixel is unknown when its brightest colour channel (or its grey value) is 128 or more, known
 * when it is darker; alpha is ignored. The threshold rather than "non-zero" keeps JPEG noise
 * around a black background from opening holes.
 *
 * <pre>{@code
 * Mask box = Mask.box(28, 28, 7, 7, 14, 14);        // a 14x14 hole at (x=7, y=7)
 * Mask drawn = Mask.fromArgb(argbPixels, 28, 28);   // white = unknown
 * ImageTensor filled = Inpainting.inpaint(model, images, box, 2);
 * }</pre>
 */
public final class Mask {
    /** Grey level (0..255) from which a mask picture's pixel counts as unknown. */
    public static final int UNKNOWN_THRESHOLD = 128;

    private final boolean[] unknown;
    private final int height;
    private final int width;

    /**
     * @param unknown {@code height * width} flags, row-major, true = unknown; copied
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @throws IllegalArgumentException if a size is below 1 or the length does not match
     */
    public Mask(boolean[] unknown, int height, int width) {
        checkSize(height, width);
        if (unknown == null || unknown.length != (long) height * width) {
            throw new IllegalArgumentException("mask must have height * width = " + height + " * " + width + " = "
                    + (long) height * width + " flags, has " + (unknown == null ? "none" : unknown.length));
        }
        this.unknown = unknown.clone();
        this.height = height;
        this.width = width;
    }

    /**
     * A rectangular hole: the pixels {@code x <= col < x + boxWidth}, {@code y <= row < y + boxHeight}
     * are unknown, all others known.
     *
     * @param height image rows
     * @param width image columns
     * @param x left column of the hole
     * @param y top row of the hole
     * @param boxWidth columns of the hole, at least 1
     * @param boxHeight rows of the hole, at least 1
     * @return the mask
     * @throws IllegalArgumentException if the box is empty or does not lie inside the image
     */
    public static Mask box(int height, int width, int x, int y, int boxWidth, int boxHeight) {
        checkSize(height, width);
        if (boxWidth < 1 || boxHeight < 1 || x < 0 || y < 0 || (long) x + boxWidth > width
                || (long) y + boxHeight > height) {
            throw new IllegalArgumentException("box x=" + x + " y=" + y + " w=" + boxWidth + " h=" + boxHeight
                    + " does not lie inside the " + height + "x" + width + " (height x width) image"
                    + " or is empty");
        }
        boolean[] flags = new boolean[height * width];
        for (int row = y; row < y + boxHeight; row++) {
            Arrays.fill(flags, row * width + x, row * width + x + boxWidth, true);
        }
        return new Mask(flags, height, width);
    }

    /**
     * A mask from a picture's pixels: unknown where the brightest of red, green and blue is at
     * least {@value #UNKNOWN_THRESHOLD} (white), known where darker (black). Alpha is ignored.
     *
     * @param argb {@code height * width} pixels {@code 0xAARRGGBB}, row-major
     * @param height rows
     * @param width columns
     * @return the mask
     * @throws IllegalArgumentException if the length does not match
     */
    public static Mask fromArgb(int[] argb, int height, int width) {
        checkSize(height, width);
        if (argb == null || argb.length != (long) height * width) {
            throw new IllegalArgumentException("mask picture must have height * width = " + (long) height * width
                    + " pixels, has " + (argb == null ? "none" : argb.length));
        }
        boolean[] flags = new boolean[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int brightest = Math.max((p >> 16) & 0xff, Math.max((p >> 8) & 0xff, p & 0xff));
            flags[i] = brightest >= UNKNOWN_THRESHOLD;
        }
        return new Mask(flags, height, width);
    }

    /**
     * A mask from grey bytes: unknown where the value (0..255) is at least
     * {@value #UNKNOWN_THRESHOLD} (white), known where darker.
     *
     * @param grey {@code height * width} bytes, row-major, read as unsigned
     * @param height rows
     * @param width columns
     * @return the mask
     * @throws IllegalArgumentException if the length does not match
     */
    public static Mask fromGray8(byte[] grey, int height, int width) {
        checkSize(height, width);
        if (grey == null || grey.length != (long) height * width) {
            throw new IllegalArgumentException("mask picture must have height * width = " + (long) height * width
                    + " pixels, has " + (grey == null ? "none" : grey.length));
        }
        boolean[] flags = new boolean[grey.length];
        for (int i = 0; i < grey.length; i++) {
            flags[i] = (grey[i] & 0xff) >= UNKNOWN_THRESHOLD;
        }
        return new Mask(flags, height, width);
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("mask height and width must be at least 1, got " + height + "x"
                    + width);
        }
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /**
     * @param row {@code 0 <= row < height}
     * @param col {@code 0 <= col < width}
     * @return true if the pixel is unknown
     */
    public boolean isUnknown(int row, int col) {
        if (row < 0 || row >= height || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") of a " + height + "x" + width
                    + " mask");
        }
        return unknown[row * width + col];
    }

    /** @return the number of unknown pixels */
    public int unknownCount() {
        int count = 0;
        for (boolean u : unknown) {
            if (u) {
                count++;
            }
        }
        return count;
    }

    /** @return a copy of the flags, row-major, true = unknown */
    public boolean[] toArray() {
        return unknown.clone();
    }

    /** The flags themselves, for this package's loops; never handed out. */
    boolean unknownAt(int pixel) {
        return unknown[pixel];
    }

    @Override
    public String toString() {
        return "Mask[" + height + "x" + width + ", " + unknownCount() + " unknown]";
    }
}
