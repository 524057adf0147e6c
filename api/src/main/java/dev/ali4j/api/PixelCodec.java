package dev.ali4j.api;

/**
 * Converts 8-bit pixels to model tensors and back, using only arrays (no AWT, no ImageIO: it runs
 * on Android as well as on a server). A byte {@code b} becomes
 * {@code pixelMin + (pixelMax - pixelMin) * b / 255}; the reverse rounds to the nearest byte and
 * clamps to 0..255.
 *
 * <ul>
 *   <li>Colour to grey (spec with 1 channel) uses ITU-R BT.601 luma:
 *       {@code 0.299 R + 0.587 G + 0.114 B}, kept as a float before the range mapping.</li>
 *   <li>Grey to colour (spec with 3 channels) repeats the grey value in R, G and B.</li>
 *   <li>Alpha is ignored on input and is opaque on output.</li>
 * </ul>
 * Pixels are row-major: pixel {@code (x, y)} of image {@code i} is at
 * {@code i * h * w + y * w + x}. ARGB ints are as on Android's {@code Bitmap.getPixels} and
 * AWT's {@code BufferedImage.getRGB}: {@code 0xAARRGGBB}.
 *
 * <pre>{@code
 * // Android: Bitmap -> tensor -> Bitmap
 * int[] argb = new int[w * h];
 * bitmap.getPixels(argb, 0, w, 0, 0, w, h);
 * ImageTensor x = PixelCodec.fromArgb(argb, 1, h, w, spec);
 * int[] out = PixelCodec.toArgb(model.reconstruct(x), 0, spec);
 * Bitmap result = Bitmap.createBitmap(out, w, h, Bitmap.Config.ARGB_8888);
 * }</pre>
 */
public final class PixelCodec {
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private PixelCodec() {
    }

    /**
     * @param pixels {@code n * h * w} grey bytes (0 black .. 255 white, read unsigned)
     * @param n images
     * @param h rows
     * @param w columns
     * @param spec gives the channels (grey is repeated for 3) and the pixel range
     * @return an {@code n x spec.channels() x h x w} tensor
     * @throws IllegalArgumentException if {@code pixels.length != n * h * w}
     */
    public static ImageTensor fromGray8(byte[] pixels, int n, int h, int w, ImageSpec spec) {
        int plane = checkedPlane(pixels == null ? -1 : pixels.length, n, h, w, "grey bytes");
        int c = spec.channels();
        float min = spec.pixelMin();
        float scale = (spec.pixelMax() - min) / 255f;
        float[] data = new float[n * c * plane];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                float v = min + scale * (pixels[i * plane + p] & 0xff);
                for (int ch = 0; ch < c; ch++) {
                    data[(i * c + ch) * plane + p] = v;
                }
            }
        }
        return new ImageTensor(data, n, c, h, w);
    }

    /**
     * @param argb {@code n * h * w} pixels as {@code 0xAARRGGBB} (alpha ignored)
     * @param n images
     * @param h rows
     * @param w columns
     * @param spec gives the channels (BT.601 luma for 1, RGB for 3) and the pixel range
     * @return an {@code n x spec.channels() x h x w} tensor
     * @throws IllegalArgumentException if {@code argb.length != n * h * w}
     */
    public static ImageTensor fromArgb(int[] argb, int n, int h, int w, ImageSpec spec) {
        int plane = checkedPlane(argb == null ? -1 : argb.length, n, h, w, "ARGB pixels");
        int c = spec.channels();
        float min = spec.pixelMin();
        float scale = (spec.pixelMax() - min) / 255f;
        float[] data = new float[n * c * plane];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                int px = argb[i * plane + p];
                int r = (px >> 16) & 0xff;
                int g = (px >> 8) & 0xff;
                int b = px & 0xff;
                int base = i * c * plane + p;
                if (c == 1) {
                    data[base] = min + scale * (LUMA_R * r + LUMA_G * g + LUMA_B * b);
                } else {
                    data[base] = min + scale * r;
                    data[base + plane] = min + scale * g;
                    data[base + 2 * plane] = min + scale * b;
                }
            }
        }
        return new ImageTensor(data, n, c, h, w);
    }

    /**
     * @param t images with 1 (grey) or 3 (RGB) channels, values in the spec's pixel range
     * @param index which image of the batch
     * @param spec gives the pixel range; values outside it are clamped, NaN becomes black
     * @return {@code h * w} opaque {@code 0xFFRRGGBB} pixels (grey has R = G = B)
     * @throws IllegalArgumentException if the tensor has neither 1 nor 3 channels
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public static int[] toArgb(ImageTensor t, int index, ImageSpec spec) {
        if (t.c() != 1 && t.c() != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, got " + t.c());
        }
        if (index < 0 || index >= t.n()) {
            throw new IndexOutOfBoundsException("image " + index + " of a batch of " + t.n());
        }
        int plane = t.h() * t.w();
        int base = index * t.imageSize();
        float[] data = t.data();
        float min = spec.pixelMin();
        float toByte = 255f / (spec.pixelMax() - min);
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            int r = toByte(data[base + p], min, toByte);
            int g = r;
            int b = r;
            if (t.c() == 3) {
                g = toByte(data[base + plane + p], min, toByte);
                b = toByte(data[base + 2 * plane + p], min, toByte);
            }
            out[p] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }

    private static int toByte(float value, float min, float toByte) {
        float v = (value - min) * toByte;
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        if (v >= 255f) {
            return 255;
        }
        return (int) (v + 0.5f);
    }

    private static int checkedPlane(int length, int n, int h, int w, String what) {
        if (n < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("n, h and w must be at least 1, got n=" + n + " h=" + h + " w=" + w);
        }
        long expected = (long) n * h * w;
        if (expected * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch too large for one tensor: n*h*w = " + expected);
        }
        if (length != expected) {
            throw new IllegalArgumentException("expected n*h*w = " + n + "*" + h + "*" + w + " = " + expected + " "
                    + what + ", got " + (length < 0 ? "null" : String.valueOf(length)));
        }
        return h * w;
    }
}
