package dev.ali4j.runtime.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
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
 * (HDFS, S3, ...) through Hadoop's {@link FileSystem} with the session's Hadoop settings and a
 * small buffer. Spark's {@code binaryFile} source opens every file through Hadoop with a 64 KB
 * buffer, which for a 1 KB image costs about as much as encoding it (docs/RESULTS.md).
 *
 * <p>The size budget comes first: a file whose listed length, or whose bytes while read, pass
 * {@code maxBytes} is refused without reading the rest of it.
 */
final class ImageFileReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int HADOOP_BUFFER_BYTES = 8192;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final long maxBytes;

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
        URI uri;
        try {
            uri = new Path(path).toUri();
        } catch (IllegalArgumentException e) {
            throw new IOException("not a path: " + e.getMessage(), e);
        }
        try (InputStream in = "file".equals(uri.getScheme()) ? Files.newInputStream(Paths.get(uri)) : open(uri)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException("file not found (deleted after it was listed?)", e);
        }
    }

    private InputStream open(URI uri) throws IOException {
        Path path = new Path(uri);
        return path.getFileSystem(hadoopConf.value().value()).open(path, HADOOP_BUFFER_BYTES);
    }

    private IOException tooLarge(String size) {
        return new IOException(String.format(Locale.ROOT, "file is %s, over the limit of %d bytes (maxFileBytes)",
                size, maxBytes));
    }
}
