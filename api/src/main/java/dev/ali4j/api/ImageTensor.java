package dev.ali4j.api;

import java.util.List;

/**
 * A batch of {@code n} images as one float array in {@code NCHW} order: image {@code i},
 * channel {@code ch}, row {@code y}, column {@code x} is
 * {@code data[((i * c + ch) * h + y) * w + x]}. The array is shared, not copied: the tensor is a
 * view of it.
 *
 * <pre>{@code
 * ImageTensor batch = PixelCodec.fromGray8(bytes, 16, 28, 28, spec); // 16 grey 28x28 images
 * ImageTensor third = batch.slice(2);                                // one image, n = 1
 * ImageTensor both = ImageTensor.concat(List.of(third, third));      // n = 2
 * }</pre>
 */
public final class ImageTensor {
    private final float[] data;
    private final int n;
    private final int c;
    private final int h;
    private final int w;

    /**
     * @param data the values in NCHW order, not copied
     * @param n images, at least 1
     * @param c channels per image, at least 1
     * @param h rows, at least 1
     * @param w columns, at least 1
     * @throws IllegalArgumentException if a dimension is below 1 or {@code data.length != n*c*h*w}
     */
    public ImageTensor(float[] data, int n, int c, int h, int w) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got n=" + n + " c=" + c + " h=" + h
                    + " w=" + w);
        }
        long expected = (long) n * c * h * w;
        if (data.length != expected) {
            throw new IllegalArgumentException("data has " + data.length + " values but n*c*h*w = " + n + "*" + c
                    + "*" + h + "*" + w + " = " + expected);
        }
        this.data = data;
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
    }

    /** @return the values in NCHW order (the array itself, not a copy) */
    public float[] data() {
        return data;
    }

    /** @return the number of images */
    public int n() {
        return n;
    }

    /** @return channels per image */
    public int c() {
        return c;
    }

    /** @return rows per image */
    public int h() {
        return h;
    }

    /** @return columns per image */
    public int w() {
        return w;
    }

    /** @return {@code c * h * w}, the number of values in one image */
    public int imageSize() {
        return c * h * w;
    }

    /**
     * @param i image index, {@code 0 <= i < n}
     * @return a copy of image {@code i} as a tensor with {@code n = 1}
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public ImageTensor slice(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("image " + i + " of a batch of " + n);
        }
        float[] one = new float[imageSize()];
        System.arraycopy(data, i * imageSize(), one, 0, one.length);
        return new ImageTensor(one, 1, c, h, w);
    }

    /**
     * @param parts at least one tensor, all with the same {@code c, h, w}
     * @return one tensor holding all their images, in order (a new array)
     * @throws IllegalArgumentException if the list is empty or the image shapes differ
     */
    public static ImageTensor concat(List<ImageTensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        ImageTensor first = parts.get(0);
        long total = 0;
        for (ImageTensor t : parts) {
            if (t.c != first.c || t.h != first.h || t.w != first.w) {
                throw new IllegalArgumentException("cannot concatenate images of shape " + t.shape() + " to "
                        + first.shape());
            }
            total += t.n;
        }
        if (total * first.imageSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("concatenated tensor would exceed the maximum array size");
        }
        float[] all = new float[(int) total * first.imageSize()];
        int offset = 0;
        for (ImageTensor t : parts) {
            System.arraycopy(t.data, 0, all, offset, t.data.length);
            offset += t.data.length;
        }
        return new ImageTensor(all, (int) total, first.c, first.h, first.w);
    }

    private String shape() {
        return c + "x" + h + "x" + w;
    }

    @Override
    public String toString() {
        return "ImageTensor[n=" + n + ", c=" + c + ", h=" + h + ", w=" + w + "]";
    }
}
