package dev.ali4j.android.core;

import dev.ali4j.api.ImageSpec;

/**
 * Turns a picture of any size (a 12-megapixel photo, a camera thumbnail, a 28x28 test image) into
 * one of the model's input size: the largest centred rectangle with the model's aspect ratio is cut
 * out and scaled to the model's width and height by area averaging (each output pixel is the mean
 * of the input area it covers, so fine detail is averaged rather than aliased). Transparent pixels
 * are laid over black, the background of the demo's Fashion-MNIST model; the result is opaque.
 *
 * <p>A phone should not decode a whole photo to feed a 28x28 model: {@link #decodeSampleSize}
 * chooses Android's {@code BitmapFactory.Options.inSampleSize} so that the decoded picture is
 * still at least the model's size after cropping, then {@link #fit} does the rest.
 *
 * <pre>{@code
 * ImageSpec spec = model.manifest().image();                       // e.g. 1x28x28
 * options.inSampleSize = ModelInput.decodeSampleSize(4000, 3000, spec); // 64: 62x46 decoded
 * ArgbImage input = ModelInput.fit(decoded, spec);                 // 28x28, centre crop
 * }</pre>
 */
public final class ModelInput {
    private ModelInput() {
    }

    /** A rectangle of a picture: columns {@code x .. x+width-1}, rows {@code y .. y+height-1}. */
    public static final class Crop {
        public final int x;
        public final int y;
        public final int width;
        public final int height;

        Crop(int x, int y, int width, int height) {
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
        }

        @Override
        public String toString() {
            return "Crop[x=" + x + ", y=" + y + ", " + width + "x" + height + "]";
        }
    }

    /**
     * The largest rectangle centred in a {@code srcWidth x srcHeight} picture whose aspect ratio
     * is {@code dstWidth : dstHeight} (rounded to whole pixels, at least one).
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public static Crop centerCrop(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        checkSizes(srcWidth, srcHeight, dstWidth, dstHeight);
        int w;
        int h;
        if ((long) srcWidth * dstHeight > (long) srcHeight * dstWidth) { // source is wider: keep its height
            h = srcHeight;
            w = (int) Math.max(1, Math.min(srcWidth, Math.round((double) srcHeight * dstWidth / dstHeight)));
        } else {
            w = srcWidth;
            h = (int) Math.max(1, Math.min(srcHeight, Math.round((double) srcWidth * dstHeight / dstWidth)));
        }
        return new Crop((srcWidth - w) / 2, (srcHeight - h) / 2, w, h);
    }

    /**
     * The power of two by which to subsample a {@code srcWidth x srcHeight} picture while
     * decoding it ({@code BitmapFactory.Options.inSampleSize}): the largest one that leaves the
     * {@link #centerCrop} at least the model's width and height, so nothing is scaled up that
     * the file had in detail.
     *
     * @return 1, 2, 4, ...
     * @throws IllegalArgumentException if a size is below 1
     */
    public static int decodeSampleSize(int srcWidth, int srcHeight, ImageSpec spec) {
        Crop crop = centerCrop(srcWidth, srcHeight, spec.width(), spec.height());
        int sample = 1;
        while (sample < (1 << 30) && crop.width / (2L * sample) >= spec.width()
                && crop.height / (2L * sample) >= spec.height()) {
            sample *= 2;
        }
        return sample;
    }

    /**
     * Crops the centre of {@code picture} to the model's aspect ratio and scales it to the
     * model's width and height.
     *
     * @param picture any size
     * @param spec the model's images
     * @return an opaque {@code spec.width() x spec.height()} picture
     */
    public static ArgbImage fit(ArgbImage picture, ImageSpec spec) {
        return fit(picture, spec.width(), spec.height());
    }

    /**
     * Crops the centre of {@code picture} to the aspect ratio {@code width : height} and scales
     * it to {@code width x height} by area averaging, over black.
     *
     * @return an opaque {@code width x height} picture
     * @throws IllegalArgumentException if a size is below 1
     */
    public static ArgbImage fit(ArgbImage picture, int width, int height) {
        Crop crop = centerCrop(picture.width(), picture.height(), width, height);
        double scaleX = (double) crop.width / width;
        double scaleY = (double) crop.height / height;
        int[] src = picture.pixels();
        int stride = picture.width();
        int[] out = new int[width * height];
        for (int dy = 0; dy < height; dy++) {
            double top = crop.y + dy * scaleY;
            double bottom = crop.y + (dy + 1) * scaleY;
            for (int dx = 0; dx < width; dx++) {
                double left = crop.x + dx * scaleX;
                double right = crop.x + (dx + 1) * scaleX;
                double r = 0;
                double g = 0;
                double b = 0;
                int yEnd = Math.min((int) Math.ceil(bottom), crop.y + crop.height);
                int xEnd = Math.min((int) Math.ceil(right), crop.x + crop.width);
                for (int sy = (int) top; sy < yEnd; sy++) {
                    double wy = Math.min(bottom, sy + 1) - Math.max(top, sy);
                    for (int sx = (int) left; sx < xEnd; sx++) {
                        double weight = wy * (Math.min(right, sx + 1) - Math.max(left, sx));
                        int p = src[sy * stride + sx];
                        double alpha = (p >>> 24) / 255.0;
                        r += weight * alpha * ((p >> 16) & 0xff);
                        g += weight * alpha * ((p >> 8) & 0xff);
                        b += weight * alpha * (p & 0xff);
                    }
                }
                double area = scaleX * scaleY;
                out[dy * width + dx] = 0xff000000 | (channel(r / area) << 16) | (channel(g / area) << 8)
                        | channel(b / area);
            }
        }
        return new ArgbImage(out, width, height);
    }

    /**
     * Whether the picture's border is light on average (mean luma of the outermost rows and
     * columns at least half of white). The demo's model was trained on light garments on
     * black; a photo of a garment on a table or a sheet of paper is the other way round and is
     * worth {@link #invert inverting} first.
     */
    public static boolean hasLightBorder(ArgbImage picture) {
        int w = picture.width();
        int h = picture.height();
        double sum = 0;
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    int p = picture.pixels()[y * w + x];
                    sum += 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
                    count++;
                }
            }
        }
        return sum / count >= 127.5;
    }

    /** @return a new picture with every colour channel {@code v} replaced by {@code 255 - v}, alpha kept */
    public static ArgbImage invert(ArgbImage picture) {
        int[] src = picture.pixels();
        int[] out = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] ^ 0x00ffffff;
        }
        return new ArgbImage(out, picture.width(), picture.height());
    }

    private static int channel(double v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 255 ? 255 : (int) (v + 0.5);
    }

    private static void checkSizes(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        if (srcWidth < 1 || srcHeight < 1 || dstWidth < 1 || dstHeight < 1) {
            throw new IllegalArgumentException("sizes must be at least 1, got " + srcWidth + "x" + srcHeight + " to "
                    + dstWidth + "x" + dstHeight);
        }
    }
}
