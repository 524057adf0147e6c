package dev.ali4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A bundle directory, as written by {@link Bundles#write}. */
final class DirectoryBundleSource implements BundleSource {
    private final Path dir;

    /** @throws BundleFormatException if {@code dir} is not a directory */
    DirectoryBundleSource(Path dir) throws BundleFormatException {
        if (!Files.isDirectory(dir)) {
            throw new BundleFormatException(dir + ": no such bundle directory");
        }
        this.dir = dir;
    }

    @Override
    public byte[] read(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) { // deleted since the check above
            return null;
        }
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
