package dev.ali4j.android.core;

/**
 * A picture as {@code width * height} pixels {@code 0xAARRGGBB}, row-major: the layout of
 * Android's {@code Bitmap.getPixels} and {@code Bitmap.createBitmap(int[], w, h, ARGB_8888)}, and
 * what {@link dev.ali4j.api.PixelCodec} converts to and from model tensors. The array is shared,
 * not copied.
 *
 * <pre>{@code
 * int[] argb = new int[bitmap.getWidth() * bitmap.getHeight()];
 * bitmap.getPixels(argb, 0, bitmap.getWidth(), 0, 0, bitmap.getWidth(), bitmap.getHeight());
 * ArgbImage picture = new ArgbImage(argb, bitmap.getWidth(), bitmap.getHeight());
 * }</pre>
 */
public final class ArgbImage {
    private final int[] pixels;
    private final int width;
    private final int height;

    /**
     * @param pixels {@code width * height} pixels, row-major; not copied
     * @param width columns, at least 1
     * @param height rows, at least 1
     * @throws IllegalArgumentException if a size is below 1 or the length does not match
     */
    public ArgbImage(int[] pixels, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be at least 1, got " + width + "x" + height);
        }
        if (pixels == null || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " picture needs " + (long) width * height
                    + " pixels, got " + (pixels == null ? "none" : String.valueOf(pixels.length)));
        }
        this.pixels = pixels;
        this.width = width;
        this.height = height;
    }

    /** @return the pixels, row-major (the array itself, not a copy) */
    public int[] pixels() {
        return pixels;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /**
     * @param x column
     * @param y row
     * @return the pixel {@code 0xAARRGGBB}
     * @throws IndexOutOfBoundsException if {@code (x, y)} lies outside the picture
     */
    public int pixel(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") of a " + width + "x" + height
                    + " picture");
        }
        return pixels[y * width + x];
    }

    @Override
    public String toString() {
        return "ArgbImage[" + width + "x" + height + "]";
    }
}
