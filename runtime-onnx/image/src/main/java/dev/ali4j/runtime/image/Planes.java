package dev.ali4j.runtime.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as float planes of byte-scale values (0..255): one plane for grey, three (R, G,
 * B) for colour. Resizing happens here, before the conversion to the model's channels and range.
 */
final class Planes {
    final int channels;
    final int width;
    final int height;
    /** {@code channels * height * width} values, planar, row-major. */
    final float[] values;

    Planes(int channels, int width, int height, float[] values) {
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.values = values;
    }

    /**
     * Grey images are read from their raster (AWT's {@code getRGB} would apply a gamma curve to
     * them, as it takes the grey colour space to be linear); everything else goes through
     * {@code getRGB}, which turns palettes, CMYK and the like into sRGB. Alpha is dropped.
     */
    static Planes of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getColorModel() instanceof ComponentColorModel
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            float toByte = 255f / ((1L << bits) - 1);
            float[] values = new float[w * h];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = row[x] * toByte;
                }
            }
            return new Planes(1, w, h, values);
        }
        int plane = w * h;
        float[] values = new float[3 * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                values[p] = (row[x] >> 16) & 0xff;
                values[plane + p] = (row[x] >> 8) & 0xff;
                values[2 * plane + p] = row[x] & 0xff;
            }
        }
        return new Planes(3, w, h, values);
    }

    /**
     * Scales so that the image covers {@code targetWidth x targetHeight} (the side that is
     * shorter relative to the target fits exactly), then crops the centre. Sampling is bilinear
     * with pixel centres at half-integers; when shrinking by 2 or more the image is first halved
     * by 2x2 averaging as often as needed, so that bilinear sampling does not skip pixels
     * (aliasing).
     */
    Planes coverAndCrop(int targetWidth, int targetHeight) {
        if (width == targetWidth && height == targetHeight) {
            return this;
        }
        Planes src = this;
        double scale = Math.max(targetWidth / (double) width, targetHeight / (double) height);
        while (scale <= 0.5 && src.width >= 2 && src.height >= 2) {
            src = src.halve();
            scale = Math.max(targetWidth / (double) src.width, targetHeight / (double) src.height);
        }
        return src.bilinear(scale, targetWidth, targetHeight);
    }

    private Planes halve() {
        int w = width / 2;
        int h = height / 2;
        float[] out = new float[channels * w * h];
        for (int c = 0; c < channels; c++) {
            int in = c * width * height;
            int o = c * w * h;
            for (int y = 0; y < h; y++) {
                int r0 = in + 2 * y * width;
                int r1 = r0 + width;
                for (int x = 0; x < w; x++) {
                    out[o + y * w + x] = (values[r0 + 2 * x] + values[r0 + 2 * x + 1] + values[r1 + 2 * x]
                            + values[r1 + 2 * x + 1]) * 0.25f;
                }
            }
        }
        return new Planes(channels, w, h, out);
    }

    private Planes bilinear(double scale, int tw, int th) {
        double offX = (width * scale - tw) / 2;
        double offY = (height * scale - th) / 2;
        int[] x0 = new int[tw];
        int[] x1 = new int[tw];
        float[] fx = new float[tw];
        for (int x = 0; x < tw; x++) {
            double sx = clamp((x + 0.5 + offX) / scale - 0.5, width - 1);
            x0[x] = (int) sx;
            x1[x] = Math.min(x0[x] + 1, width - 1);
            fx[x] = (float) (sx - x0[x]);
        }
        float[] out = new float[channels * tw * th];
        for (int y = 0; y < th; y++) {
            double sy = clamp((y + 0.5 + offY) / scale - 0.5, height - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, height - 1);
            float fy = (float) (sy - y0);
            for (int c = 0; c < channels; c++) {
                int base = c * width * height;
                int r0 = base + y0 * width;
                int r1 = base + y1 * width;
                int o = c * tw * th + y * tw;
                for (int x = 0; x < tw; x++) {
                    float top = values[r0 + x0[x]] + (values[r0 + x1[x]] - values[r0 + x0[x]]) * fx[x];
                    float bottom = values[r1 + x0[x]] + (values[r1 + x1[x]] - values[r1 + x0[x]]) * fx[x];
                    out[o + x] = top + (bottom - top) * fy;
                }
            }
        }
        return new Planes(channels, tw, th, out);
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /** @return grey bytes, rounded; only for one channel */
    byte[] toGray8() {
        byte[] out = new byte[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) toByte(values[i]);
        }
        return out;
    }

    /** @return opaque ARGB pixels, rounded; only for three channels */
    int[] toArgb() {
        int plane = width * height;
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = 0xff000000 | toByte(values[p]) << 16 | toByte(values[plane + p]) << 8
                    | toByte(values[2 * plane + p]);
        }
        return out;
    }

    private static int toByte(float v) {
        return v <= 0f ? 0 : v >= 255f ? 255 : (int) (v + 0.5f);
    }
}
