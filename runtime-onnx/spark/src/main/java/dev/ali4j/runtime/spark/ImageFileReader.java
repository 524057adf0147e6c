package dev.ali4j.runtime.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads an image file named by its path inside a task, for {@link LatentEncoder#transformFiles}.
 * A file on the local file system ({@code file:} paths) is read with {@code java.nio}; any other
 * (HDFS, S3, ...) through Hadoop's {@link FileSystem} with the session's Hadoop settings (as its
 * file sources see them) and a small buffer. Spark's {@code binaryFile} source opens every file through Hadoop with a 64 KB
 * buffer, which for a 1 KB image costs about as much as encoding it (docs/RESULTS.md).
 *
 * <p>The size budget comes first: a file whose listed length, or whose bytes while read, pass
 * {@code maxBytes} is refused without reading the rest of it.
 */
final class ImageFileReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int HADOOP_BUFFER_BYTES = 8192;
    /** The largest budget: one byte more must still fit a Java array. */
    static final long MAX_BYTES_LIMIT = Integer.MAX_VALUE - 9;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final long maxBytes;

    /** @param maxBytes the budget, 1 to {@link #MAX_BYTES_LIMIT} (checked by {@code LatentEncoder.Builder}) */
    ImageFileReader(Broadcast<SerializableConfiguration> hadoopConf, long maxBytes) {
        this.hadoopConf = hadoopConf;
        this.maxBytes = maxBytes;
    }

    /**
     * @param path the file, as the {@code binaryFile} source names it ({@code file:/a/b.png},
     *     {@code hdfs://nn/a/b.png})
     * @param listedLength its length when it was listed, or -1 if unknown
     * @return its bytes
     * @throws IOException with a message that says what was wrong: missing, unreadable, too large
     */
    byte[] read(String path, long listedLength) throws IOException {
        if (listedLength > maxBytes) {
            throw tooLarge(listedLength + " bytes");
        }
        try (InputStream in = open(path)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1); // one byte more tells a file over the budget
            if (bytes.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IOException("cannot open it (deleted after it was listed, or a directory, or no permission?): "
                    + e.getMessage(), e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        }
    }

    /** Opens a local file with java.nio, any other through Hadoop; a malformed path is an IOException too. */
    private InputStream open(String path) throws IOException {
        try {
            URI uri = new Path(path).toUri();
            if ("file".equals(uri.getScheme())) {
                return Files.newInputStream(Paths.get(uri));
            }
            Path hadoopPath = new Path(uri);
            return hadoopPath.getFileSystem(hadoopConf.value().value()).open(hadoopPath, HADOOP_BUFFER_BYTES);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a readable path: " + e.getMessage(), e);
        }
    }

    private IOException tooLarge(String size) {
        return new IOException(String.format(Locale.ROOT, "file is %s, over the limit of %d bytes (maxFileBytes)",
                size, maxBytes));
    }
}
