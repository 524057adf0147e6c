package dev.ali4j.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads image sets in the IDX format of MNIST and Fashion-MNIST: a big-endian header (magic
 * number {@code 0x00000803} and three dimensions for uint8 images, {@code 0x00000801} and a
 * count for uint8 labels) followed by the values. Files may be raw or gzip; gzip is recognised
 * by its magic bytes, whatever the file is called.
 *
 * <pre>{@code
 * ImageSet train = IdxReader.readImages(dir.resolve("train-images-idx3-ubyte.gz"),
 *                                       dir.resolve("train-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * <p>A malformed file throws {@link IdxFormatException} naming the file and the fault; a missing
 * one throws {@link NoSuchFileException} naming the path.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    static final int MAGIC_BYTES = 4;
    static final int IMAGES_HEADER_BYTES = 16;
    static final int LABELS_HEADER_BYTES = 8;
    /** The largest array most JVMs will allocate; a header asking for more is corrupt or hostile. */
    static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Reads an unlabelled image file; the set is named after the path. */
    public static ImageSet readImages(Path images) throws IOException {
        return readImages(images, null);
    }

    /**
     * Reads an image file and, if {@code labels} is not null, its label file. The set is named
     * after the image path.
     */
    public static ImageSet readImages(Path images, Path labels) throws IOException {
        Objects.requireNonNull(images, "images");
        String imagesName = images.toString();
        try (IdxInput imageInput = open(images)) {
            ImageBody body = readImageBody(imageInput);
            int[] labelValues = null;
            if (labels != null) {
                try (IdxInput labelInput = open(labels)) {
                    labelValues = readLabels(labelInput, body.count, imagesName);
                }
            }
            return body.toImageSet(imagesName, labelValues);
        }
    }

    /**
     * Reads an unlabelled image file from a stream, which this method closes.
     *
     * @param name where the stream comes from, used in messages and as the set's name
     */
    public static ImageSet readImages(InputStream images, String name) throws IOException {
        return readImages(images, name, null, null);
    }

    /**
     * Reads an image file and, if {@code labels} is not null, its label file from streams (for
     * example class-path resources). Both streams are closed.
     *
     * @param imagesName where the images come from, used in messages and as the set's name
     * @param labelsName where the labels come from, used in messages; ignored without labels
     */
    public static ImageSet readImages(InputStream images, String imagesName, InputStream labels, String labelsName)
            throws IOException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(imagesName, "imagesName");
        try (InputStream labelStream = labels;
             IdxInput imageInput = IdxInput.open(images, imagesName)) {
            ImageBody body = readImageBody(imageInput);
            int[] labelValues = null;
            if (labelStream != null) {
                String name = labelsName != null ? labelsName : imagesName + " (labels)";
                try (IdxInput labelInput = IdxInput.open(labelStream, name)) {
                    labelValues = readLabels(labelInput, body.count, imagesName);
                }
            }
            return body.toImageSet(imagesName, labelValues);
        }
    }

    private static IdxInput open(Path path) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw DataFiles.noSuchFile(path, "IDX file", e);
        }
        return IdxInput.open(raw, path.toString());
    }

    private static ImageBody readImageBody(IdxInput in) throws IOException {
        int magic = in.readHeader(MAGIC_BYTES, IMAGES_HEADER_BYTES, "image").getInt();
        checkMagic(in, magic, IMAGES_MAGIC, "uint8 images", LABELS_MAGIC, "a label file");
        ByteBuffer header = in.readHeader(IMAGES_HEADER_BYTES - MAGIC_BYTES, IMAGES_HEADER_BYTES, "image");
        long count = Integer.toUnsignedLong(header.getInt());
        long rows = Integer.toUnsignedLong(header.getInt());
        long cols = Integer.toUnsignedLong(header.getInt());
        String promise = count + " images of " + rows + "x" + cols;
        if (count == 0 || rows == 0 || cols == 0) {
            throw in.fault("zero dimension: header says " + promise + "; every dimension must be at least 1");
        }
        long bytes = checkedBodySize(in, promise, count, rows, cols);
        byte[] pixels = in.readBody((int) bytes, promise);
        in.expectEnd(promise);
        return new ImageBody((int) count, (int) rows, (int) cols, pixels);
    }

    private static int[] readLabels(IdxInput in, int imageCount, String imagesName) throws IOException {
        int magic = in.readHeader(MAGIC_BYTES, LABELS_HEADER_BYTES, "label").getInt();
        checkMagic(in, magic, LABELS_MAGIC, "uint8 labels", IMAGES_MAGIC, "an image file");
        ByteBuffer header = in.readHeader(LABELS_HEADER_BYTES - MAGIC_BYTES, LABELS_HEADER_BYTES, "label");
        long count = Integer.toUnsignedLong(header.getInt());
        if (count != imageCount) {
            throw in.fault("label count " + count + " does not match image count " + imageCount + " in " + imagesName);
        }
        String promise = count + " labels";
        byte[] bytes = in.readBody(imageCount, promise);
        in.expectEnd(promise);
        int[] labels = new int[imageCount];
        for (int i = 0; i < imageCount; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    private static void checkMagic(IdxInput in, int magic, int expected, String expectedKind,
                                   int otherMagic, String otherKind) throws IdxFormatException {
        if (magic == expected) {
            return;
        }
        String fault = String.format("bad magic number 0x%08x, expected 0x%08x (%s)", magic, expected, expectedKind);
        if (magic == otherMagic) {
            fault += "; this looks like " + otherKind;
        }
        throw in.fault(fault);
    }

    /** Multiplies step by step so that no product can overflow a long before it is checked. */
    private static long checkedBodySize(IdxInput in, String promise, long... dimensions) throws IdxFormatException {
        long bytes = 1;
        for (long dimension : dimensions) {
            bytes *= dimension; // below 2^31 times below 2^32: cannot overflow
            if (bytes > MAX_BODY_BYTES) {
                throw in.fault("absurd size: header says " + promise + ", more than the "
                        + MAX_BODY_BYTES + " bytes one Java array can hold");
            }
        }
        return bytes;
    }

    /** The pixels of an image file before its labels are attached. */
    private record ImageBody(int count, int rows, int cols, byte[] pixels) {
        ImageSet toImageSet(String name, int[] labels) {
            return new ImageSet(name, 1, rows, cols, pixels, labels);
        }
    }
}
