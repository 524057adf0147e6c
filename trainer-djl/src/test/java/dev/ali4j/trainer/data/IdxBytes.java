package dev.ali4j.trainer.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds real IDX files byte by byte, so the tests do not trust the reader to describe them. */
final class IdxBytes {
    private IdxBytes() {
    }

    /** An image file: magic, count, rows, cols, then {@code pixels} as given (which may not match). */
    static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** A well-formed image file whose pixel {@code i} is {@code i % 256}. */
    static byte[] images(int count, int rows, int cols) {
        return images(IdxReader.IMAGES_MAGIC, count, rows, cols, ramp(count * rows * cols));
    }

    /** A label file: magic, count, then one byte per label. */
    static byte[] labelsWithMagic(int magic, int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    static byte[] labels(int... labels) {
        return labelsWithMagic(IdxReader.LABELS_MAGIC, labels);
    }

    static byte[] ramp(int length) {
        byte[] values = new byte[length];
        for (int i = 0; i < length; i++) {
            values[i] = (byte) i;
        }
        return values;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }
}
