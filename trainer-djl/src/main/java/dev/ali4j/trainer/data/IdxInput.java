package dev.ali4j.trainer.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bytes of one IDX file, raw or gzip, read so that every fault is reported against the
 * file's name. Gzip is recognised by its magic bytes, not by the file name, because
 * decompressed files are often left with their {@code .gz} name and vice versa.
 */
final class IdxInput implements Closeable {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private final String name;
    private final InputStream in;
    private int headerRead;

    private IdxInput(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    /** Wraps {@code raw}, which this object then owns and closes (also if opening fails). */
    static IdxInput open(InputStream raw, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
        try {
            if (!startsWithGzipMagic(buffered)) {
                return new IdxInput(name, buffered);
            }
            return new IdxInput(name, new GZIPInputStream(buffered, BUFFER_BYTES));
        } catch (IOException e) {
            buffered.close();
            throw e instanceof ZipException || e instanceof EOFException ? corruptGzip(name, e) : e;
        }
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        in.reset();
        return gzip;
    }

    /**
     * Reads the next {@code length} bytes of the header as a big-endian buffer. Headers are read
     * in parts so that the magic number can be checked before the rest is demanded: a short file
     * of the wrong kind is better reported as the wrong kind than as truncated.
     *
     * @param headerBytes the size of the whole header, for the message
     * @param kind what the header belongs to, for the message, e.g. "image"
     */
    ByteBuffer readHeader(int length, int headerBytes, String kind) throws IOException {
        byte[] part = new byte[length];
        int read = readUpTo(part, length);
        headerRead += read;
        if (read < length) {
            throw fault(String.format("truncated header: an IDX %s header is %d bytes but the file holds only %d",
                    kind, headerBytes, headerRead));
        }
        return ByteBuffer.wrap(part); // big-endian, as IDX is
    }

    /**
     * Reads the body the header promised.
     *
     * @param promise what the header promised, for the message, e.g. "10000 images of 28x28"
     */
    byte[] readBody(int length, String promise) throws IOException {
        byte[] body;
        try {
            // readNBytes grows its buffer as data arrives, so a lying header cannot make us
            // allocate gigabytes for a small file.
            body = in.readNBytes(length);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(name, e);
        }
        if (body.length < length) {
            throw fault(String.format("truncated: header promises %s (%d bytes) but the file holds only %d bytes after the header",
                    promise, length, body.length));
        }
        return body;
    }

    /**
     * Checks that nothing follows the body. Extra bytes mean the header does not describe the
     * file; for gzip, reading to the end also verifies the checksum.
     */
    void expectEnd(String promise) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (ZipException | EOFException e) {
            throw corruptGzip(name, e);
        }
        if (next != -1) {
            throw fault("trailing data: the file holds more than the " + promise + " its header promises");
        }
    }

    IdxFormatException fault(String message) {
        return new IdxFormatException(name, message);
    }

    private int readUpTo(byte[] buffer, int length) throws IOException {
        try {
            return in.readNBytes(buffer, 0, length);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(name, e);
        }
    }

    private static IdxFormatException corruptGzip(String name, IOException cause) {
        return new IdxFormatException(name, "corrupt or truncated gzip data (" + cause.getMessage() + ")", cause);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
