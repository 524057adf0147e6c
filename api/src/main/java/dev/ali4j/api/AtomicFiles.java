package dev.ali4j.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that readers see the old content or the new, never half of the new: the bytes
 * go to a temporary file beside the target, are forced to disk, and the file is renamed over the
 * target. Used for bundles, checkpoints and pictures alike.
 *
 * <pre>{@code
 * AtomicFiles.write(dir.resolve("manifest.json"), manifest::write);
 * }</pre>
 */
public final class AtomicFiles {

    /** Produces a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** The directory {@code file} is in, as an absolute path; an IOException for a root, which is in none. */
    public static Path parentOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IOException(file + ": is a root directory, not a file");
        }
        return parent;
    }

    /** Writes {@code target} atomically; its parent directory must exist. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = parentOf(target);
        if (!Files.isDirectory(dir)) {
            throw new IOException(target + ": cannot write, " + dir + " is not a directory");
        }
        // A fresh name rather than Files.createTempFile, whose files are private to the owner
        // (0600): the result should get the usual permissions, like any file the user writes.
        Path temp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
