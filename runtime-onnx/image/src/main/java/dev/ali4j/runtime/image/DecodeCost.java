package dev.ali4j.runtime.image;

import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * What decoding an image will cost, read from its header before any pixel is decoded: its
 * pixels, its decoded bytes (width x height x samples per pixel x bytes per sample, over every
 * frame or page) and the memory the decode and the resize will hold. Refuses an image over the
 * limits of {@link ImageOptions}.
 */
final class DecodeCost {
    private DecodeCost() {
    }

    /**
     * @return the memory the decode of the first frame and its conversion will hold, in bytes
     * @throws ImageFormatException (too large) naming the limit passed
     * @throws IOException if the header cannot be read (the caller reports the image as corrupt)
     */
    static long check(ImageReader reader, String name, ImageOptions options) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > options.maxPixels()) {
            throw new ImageFormatException(name + ": image declares " + width + "x" + height + " = " + width * height
                    + " pixels, more than the limit of " + options.maxPixels(), true);
        }
        int frames = frames(reader);
        if (frames > options.maxFrames()) {
            throw new ImageFormatException(name + ": image holds " + frames + " frames or pages, more than the limit of "
                    + options.maxFrames(), true);
        }
        long decoded = 0;
        int firstBands = 3;
        int firstBytes = 1;
        for (int i = 0; i < frames; i++) {
            long w = i == 0 ? width : reader.getWidth(i);
            long h = i == 0 ? height : reader.getHeight(i);
            if (w * h > options.maxPixels()) { // also keeps the sums below far from overflow
                throw new ImageFormatException(name + ": frame " + (i + 1) + " declares " + w + "x" + h + " = "
                        + w * h + " pixels, more than the limit of " + options.maxPixels(), true);
            }
            SampleModel samples = sampleModel(reader, i);
            int bands = samples == null ? 4 : samples.getNumBands();
            int bytes = samples == null ? 1 : bytesPerSample(samples);
            if (i == 0) {
                firstBands = bands;
                firstBytes = bytes;
            }
            decoded += w * h * bands * bytes;
            if (decoded > options.maxDecodedBytes()) {
                throw new ImageFormatException(name + ": image declares " + (frames > 1 ? "frames of " : "") + w + "x" + h
                        + " pixels of " + bands + " samples of " + bytes + " bytes: more than the limit of "
                        + options.maxDecodedBytes() + " decoded bytes", true);
            }
        }
        // The first frame's raster at its own sample size and its conversion to 8-bit samples,
        // then float planes (grey, or three for anything else) and the halvings of a shrink,
        // which add a third.
        long planes = width * height * (firstBands == 1 ? 1 : 3) * Float.BYTES;
        long raster = width * height * Math.max(firstBands, 1) * (firstBytes + 1L);
        return raster + planes + planes / 3;
    }

    /** Frames or pages: counted for the formats that hold several, 1 for the others. */
    private static int frames(ImageReader reader) throws IOException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (format.contains("gif") || format.contains("tif")) {
            return Math.max(1, reader.getNumImages(true));
        }
        return 1;
    }

    private static SampleModel sampleModel(ImageReader reader, int frame) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(frame);
        if (raw == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(frame);
            raw = types.hasNext() ? types.next() : null;
        }
        return raw == null ? null : raw.getSampleModel();
    }

    private static int bytesPerSample(SampleModel samples) {
        int bits = 0;
        for (int size : samples.getSampleSize()) {
            bits = Math.max(bits, size);
        }
        return Math.max(1, (bits + 7) / 8);
    }
}
