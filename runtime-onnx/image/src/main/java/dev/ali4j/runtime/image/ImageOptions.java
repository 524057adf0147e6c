package dev.ali4j.runtime.image;

/**
 * How {@link ImageFiles} treats an image before decoding and when its size is not the model's.
 * Immutable.
 *
 * <ul>
 *   <li>{@link #maxPixels()}: an image whose header declares more pixels (width x height) is
 *       refused before it is decoded, so that a small file claiming 100,000 x 100,000 pixels
 *       cannot exhaust memory. Default {@value #DEFAULT_MAX_PIXELS} (4096 x 4096).</li>
 *   <li>{@link #resize()}: {@link Resize#COVER_AND_CROP} (the default) scales an image of
 *       another size so that it covers the model's size and crops the centre (see
 *       {@link ImageFiles}); {@link Resize#REJECT} refuses it instead.</li>
 * </ul>
 *
 * <pre>{@code
 * ImageOptions strict = ImageOptions.defaults().withResize(ImageOptions.Resize.REJECT).withMaxPixels(1 << 20);
 * ImageTensor x = ImageFiles.decode(bytes, "upload", spec, strict);
 * }</pre>
 */
public final class ImageOptions {
    /** Default pixel limit: 4096 x 4096. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    private static final ImageOptions DEFAULTS = new ImageOptions(DEFAULT_MAX_PIXELS, Resize.COVER_AND_CROP);

    private final long maxPixels;
    private final Resize resize;

    /** What to do with an image whose size is not the model's. */
    public enum Resize {
        /** Scale to cover the model's size (bilinear, with 2x2 averaging while halving), crop the centre. */
        COVER_AND_CROP,
        /** Refuse it with an {@link ImageFormatException} naming both sizes. */
        REJECT
    }

    private ImageOptions(long maxPixels, Resize resize) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        if (resize == null) {
            throw new IllegalArgumentException("resize must not be null");
        }
        this.maxPixels = maxPixels;
        this.resize = resize;
    }

    /** @return {@value #DEFAULT_MAX_PIXELS} pixels at most, cover and crop */
    public static ImageOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param pixels the most pixels an image may declare, at least 1
     * @return a copy with that limit
     */
    public ImageOptions withMaxPixels(long pixels) {
        return new ImageOptions(pixels, resize);
    }

    /**
     * @param policy what to do with other sizes
     * @return a copy with that policy
     */
    public ImageOptions withResize(Resize policy) {
        return new ImageOptions(maxPixels, policy);
    }

    /** @return the most pixels (width x height) an image may declare */
    public long maxPixels() {
        return maxPixels;
    }

    /** @return what happens to an image of another size */
    public Resize resize() {
        return resize;
    }

    @Override
    public String toString() {
        return "ImageOptions[maxPixels=" + maxPixels + ", resize=" + resize + "]";
    }
}
