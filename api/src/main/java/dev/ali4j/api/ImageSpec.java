package dev.ali4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The images a bundle's networks take and produce: {@code channels x height x width}, laid out
 * {@code NCHW}, with pixel values in {@code [pixelMin, pixelMax]}. A byte {@code b} (0..255) maps
 * to the model value {@code pixelMin + (pixelMax - pixelMin) * b / 255}; {@link PixelCodec} does
 * the conversion both ways.
 *
 * <pre>{@code
 * ImageSpec mnist = new ImageSpec(1, 28, 28);         // grey, values in [-1, 1]
 * ImageSpec rgb = new ImageSpec(3, 64, 64, 0f, 1f);   // colour, values in [0, 1]
 * }</pre>
 */
public final class ImageSpec {
    /** The only layout ali4j uses: batch, channels, rows, columns. */
    public static final String LAYOUT_NCHW = "NCHW";

    private final int channels;
    private final int height;
    private final int width;
    private final float pixelMin;
    private final float pixelMax;

    /**
     * An image spec with pixel values in [-1, 1] (what a tanh generator produces).
     *
     * @param channels 1 (grey) or 3 (RGB)
     * @param height rows, at least 1
     * @param width columns, at least 1
     */
    public ImageSpec(int channels, int height, int width) {
        this(channels, height, width, -1f, 1f);
    }

    /**
     * @param channels 1 (grey) or 3 (RGB)
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param pixelMin model value of a black pixel (byte 0)
     * @param pixelMax model value of a white pixel (byte 255), greater than pixelMin
     * @throws IllegalArgumentException if a value is out of range
     */
    public ImageSpec(int channels, int height, int width, float pixelMin, float pixelMax) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be at least 1, got " + height + "x" + width);
        }
        if (!Float.isFinite(pixelMin) || !Float.isFinite(pixelMax) || !(pixelMin < pixelMax)) {
            throw new IllegalArgumentException(
                    "pixelMin must be less than pixelMax (both finite), got " + pixelMin + " and " + pixelMax);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixelMin = pixelMin;
        this.pixelMax = pixelMax;
    }

    /** @return 1 (grey) or 3 (RGB) */
    public int channels() {
        return channels;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return always {@value #LAYOUT_NCHW} */
    public String layout() {
        return LAYOUT_NCHW;
    }

    /** @return the model value of byte 0 */
    public float pixelMin() {
        return pixelMin;
    }

    /** @return the model value of byte 255 */
    public float pixelMax() {
        return pixelMax;
    }

    /** @return {@code channels * height * width}, the number of floats in one image */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * @return whether images of {@code channels x height x width} have this spec's shape (the
     *     pixel range is not compared)
     */
    public boolean hasShape(int channels, int height, int width) {
        return channels == this.channels && height == this.height && width == this.width;
    }

    /**
     * Checks that images of {@code channels x height x width} have this spec's shape (the pixel
     * range is not compared); see {@link #checkShape(String, int, int, int, String, int, int, int)}.
     *
     * @param images the images checked, as the message names them, e.g. {@code "encode: images"}
     * @param taker what takes images of this spec, with its verb, e.g. {@code "this model takes"}
     * @throws IllegalArgumentException if the shapes differ
     */
    public void checkShape(String images, int channels, int height, int width, String taker) {
        checkShape(images, channels, height, width, taker, this.channels, this.height, this.width);
    }

    /**
     * ali4j's one check of an image shape against another, so that every mismatch reads alike and
     * says what differs: {@code "test images are 1x32x32 but the model takes 1x28x28 (channels x
     * height x width): the height and width differ"}. Either side may be images or something that
     * takes them (a model, an architecture, a classifier), with any number of channels.
     *
     * @param images the images checked, as the message names them, e.g. {@code "test images"}
     * @param taker what they must fit, with its verb, e.g. {@code "the classifier takes"}
     * @throws IllegalArgumentException if the shapes differ
     */
    public static void checkShape(String images, int channels, int height, int width, String taker,
            int takenChannels, int takenHeight, int takenWidth) {
        List<String> differing = new ArrayList<>();
        if (channels != takenChannels) {
            differing.add("channels");
        }
        if (height != takenHeight) {
            differing.add("height");
        }
        if (width != takenWidth) {
            differing.add("width");
        }
        if (differing.isEmpty()) {
            return;
        }
        String which = differing.size() == 1 ? differing.get(0)
                : String.join(", ", differing.subList(0, differing.size() - 1)) + " and "
                        + differing.get(differing.size() - 1);
        throw new IllegalArgumentException(images + " are " + channels + "x" + height + "x" + width + " but " + taker
                + " " + takenChannels + "x" + takenHeight + "x" + takenWidth + " (channels x height x width): the "
                + which + " differ");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ImageSpec)) {
            return false;
        }
        ImageSpec that = (ImageSpec) o;
        return channels == that.channels && height == that.height && width == that.width
                && Float.compare(pixelMin, that.pixelMin) == 0 && Float.compare(pixelMax, that.pixelMax) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, height, width, pixelMin, pixelMax);
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + " " + LAYOUT_NCHW + " in [" + pixelMin + ", " + pixelMax + "]";
    }
}
