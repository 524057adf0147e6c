package dev.ali4j.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * A bundle directory, as written by {@link Bundles#write}. Its files must be regular files in it:
 * a symbolic link could bring in a file from anywhere, and a FIFO or device could block a read
 * forever. The directory itself may be reached through a link.
 */
final class DirectoryBundleSource implements BundleSource {
    private final Path dir;

    /** @throws BundleFormatException if {@code dir} is not a directory */
    DirectoryBundleSource(Path dir) throws BundleFormatException {
        if (!Files.isDirectory(dir)) {
            throw new BundleFormatException(dir + ": no such bundle directory");
        }
        this.dir = dir;
    }

    /**
     * @throws BundleFormatException if {@code name} is a symbolic link or not a regular file
     */
    @Override
    public byte[] read(String name) throws IOException {
        Path file = dir.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            throw new BundleFormatException(file
                    + ": is a symbolic link; bundle files must be regular files inside the bundle directory");
        }
        if (!attributes.isRegularFile()) {
            throw new BundleFormatException(file + ": not a regular file");
        }
        // NOFOLLOW_LINKS again: a link put in place since the check above fails to open.
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            return readAll(channel, file);
        } catch (NoSuchFileException e) { // deleted since the check above
            return null;
        }
    }

    /** The channel's bytes in one array of their size, as {@code Files.readAllBytes} (which always follows links). */
    private static byte[] readAll(SeekableByteChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new BundleFormatException(file + ": too large for a bundle file");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        int read = 0;
        while (bytes.hasRemaining() && read >= 0) {
            read = channel.read(bytes);
        }
        // A file that shrank or grew meanwhile fails its checksum: what was read is returned as is.
        return bytes.hasRemaining() ? Arrays.copyOf(bytes.array(), bytes.position()) : bytes.array();
    }

    @Override
    public String describe(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    public BundleFormatException noManifest() {
        return new BundleFormatException(dir + ": not an ali4j bundle (no " + BundleManifest.FILE_NAME + ")");
    }
}
