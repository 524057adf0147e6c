package dev.ali4j.trainer.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An immutable set of same-sized uint8 images held in memory, in NCHW order (image, channel,
 * row, column), with optional integer labels and a name saying where it came from (recorded in
 * bundle manifests).
 *
 * <p>Networks read batches through {@link #copyBatchScaled}, which scales pixels to the range the
 * network takes, e.g. its {@code ImageSpec}'s {@code [pixelMin, pixelMax]} ([-1, 1] for ali4j's
 * tanh generators):
 *
 * <pre>{@code
 * float[] batch = new float[batchSize * images.imageSize()];
 * images.copyBatchScaled(indices, spec.pixelMin(), spec.pixelMax(), batch); // reuse the buffer every step
 * }</pre>
 */
public final class ImageSet {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int imageSize;
    private final int size;
    private final byte[] pixels;
    private final int[] labels;

    /** Takes ownership of the arrays without copying: for this package's readers only. */
    ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("every dimension must be at least 1, got channels=" + channels
                    + " height=" + height + " width=" + width);
        }
        this.imageSize = Math.multiplyExact(Math.multiplyExact(channels, height), width);
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length % imageSize != 0) {
            throw new IllegalArgumentException(pixels.length + " pixel values are not a whole number of "
                    + channels + "x" + height + "x" + width + " images");
        }
        this.size = pixels.length / imageSize;
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException(labels.length + " labels for " + size + " images");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Builds a set from copies of the given arrays.
     *
     * @param pixels uint8 values in NCHW order; the image count is {@code pixels.length / (c*h*w)}
     * @param labels one label per image, or null for an unlabelled set
     */
    public static ImageSet of(String name, int channels, int height, int width, byte[] pixels, int[] labels) {
        return new ImageSet(name, channels, height, width, pixels.clone(), labels == null ? null : labels.clone());
    }

    /** Where the images came from, e.g. a file path, with {@code [from:to]} appended for a slice. */
    public String name() {
        return name;
    }

    /** The number of images. */
    public int size() {
        return size;
    }

    /** Channels per image: 1 for grayscale IDX data. */
    public int channels() {
        return channels;
    }

    /** Rows per image. */
    public int height() {
        return height;
    }

    /** Columns per image. */
    public int width() {
        return width;
    }

    /** Values per image: channels x height x width. */
    public int imageSize() {
        return imageSize;
    }

    /** A copy of all pixels, uint8 in NCHW order (mask with {@code & 0xFF} to read them). */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** One pixel value, 0 to 255. */
    public int pixel(int image, int channel, int y, int x) {
        Objects.checkIndex(image, size);
        Objects.checkIndex(channel, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return pixels[((image * channels + channel) * height + y) * width + x] & 0xFF;
    }

    /** Whether every image has a label. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** A copy of the labels, or null if the set has none. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /**
     * The label of image {@code i}.
     *
     * @throws IllegalStateException if the set has no labels
     */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[Objects.checkIndex(i, size)];
    }

    /** A copy of images {@code from} (inclusive) to {@code to} (exclusive), labels included. */
    public ImageSet slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        byte[] slicePixels = Arrays.copyOfRange(pixels, from * imageSize, to * imageSize);
        int[] sliceLabels = labels == null ? null : Arrays.copyOfRange(labels, from, to);
        return new ImageSet(name + "[" + from + ":" + to + "]", channels, height, width, slicePixels, sliceLabels);
    }

    /**
     * The images whose label is one of {@code classes}, in their order, labels kept.
     *
     * @throws IllegalArgumentException if the set has no labels, or no image has one of the labels
     */
    public ImageSet onlyLabels(Set<Integer> classes) {
        if (labels == null) {
            throw new IllegalArgumentException(name + " has no labels, so it cannot be filtered by class");
        }
        int[] kept = IntStream.range(0, size).filter(i -> classes.contains(labels[i])).toArray();
        if (kept.length == 0) {
            throw new IllegalArgumentException("no image has a label in " + classes + " (its labels run from "
                    + Arrays.stream(labels).min().orElse(0) + " to " + Arrays.stream(labels).max().orElse(0) + ")");
        }
        byte[] keptPixels = new byte[Math.multiplyExact(kept.length, imageSize)];
        int[] keptLabels = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            System.arraycopy(pixels, kept[i] * imageSize, keptPixels, i * imageSize, imageSize);
            keptLabels[i] = labels[kept[i]];
        }
        return new ImageSet(name, channels, height, width, keptPixels, keptLabels);
    }

    /**
     * Writes the chosen images into {@code dest} as floats in {@code [pixelMin, pixelMax]}, NCHW,
     * image after image, starting at index 0: byte {@code v} becomes
     * {@code pixelMin + (pixelMax - pixelMin) * v / 255}, for [-1, 1] exactly {@code v / 127.5 - 1}.
     *
     * @param indices which images, in batch order; repeats are allowed
     * @param pixelMin the value of byte 0, e.g. {@code ImageSpec.pixelMin()}
     * @param pixelMax the value of byte 255, greater than {@code pixelMin}
     * @param dest at least {@code indices.length * imageSize()} floats
     */
    public void copyBatchScaled(int[] indices, float pixelMin, float pixelMax, float[] dest) {
        long needed = (long) indices.length * imageSize;
        if (dest.length < needed) {
            throw new IllegalArgumentException("dest holds " + dest.length + " floats but " + indices.length
                    + " images of " + imageSize + " values need " + needed);
        }
        float[] scaled = scaleTable(pixelMin, pixelMax);
        int d = 0;
        for (int index : indices) {
            int s = Objects.checkIndex(index, size) * imageSize;
            for (int end = s + imageSize; s < end; s++) {
                dest[d++] = scaled[pixels[s] & 0xFF];
            }
        }
    }

    /** The chosen images as a new array of floats in {@code [pixelMin, pixelMax]}; see {@link #copyBatchScaled}. */
    public float[] batchScaled(int[] indices, float pixelMin, float pixelMax) {
        float[] batch = new float[Math.multiplyExact(indices.length, imageSize)];
        copyBatchScaled(indices, pixelMin, pixelMax, batch);
        return batch;
    }

    /**
     * Images {@code from .. from + count - 1} as floats in {@code [pixelMin, pixelMax]}; see
     * {@link #copyBatchScaled}.
     */
    public float[] rangeScaled(int from, int count, float pixelMin, float pixelMax) {
        Objects.checkFromIndexSize(from, count, size);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = from + i;
        }
        return batchScaled(indices, pixelMin, pixelMax);
    }

    /** The float of every uint8 value, so that scaling a batch is a table look-up. */
    private static float[] scaleTable(float pixelMin, float pixelMax) {
        if (!Float.isFinite(pixelMin) || !Float.isFinite(pixelMax) || !(pixelMin < pixelMax)) {
            throw new IllegalArgumentException(
                    "pixelMin must be less than pixelMax (both finite), got " + pixelMin + " and " + pixelMax);
        }
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = pixelMin + (pixelMax - pixelMin) * v / 255f;
        }
        return table;
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ": " + size + " x " + channels + "x" + height + "x" + width
                + (labels == null ? ", unlabelled]" : ", labelled]");
    }
}
