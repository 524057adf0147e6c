package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle directory's files must be regular files in it: no links out, no FIFOs that block a read. */
class DirectoryBundleSourceTest {
    private static final String LINK = ": is a symbolic link; bundle files must be regular files inside the bundle "
            + "directory";

    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void bundle() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "symbolic links and FIFOs need a POSIX file system");
        dir = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(dir.resolve("encoder.onnx"), "pretend encoder");
        Files.writeString(dir.resolve("generator.onnx"), "pretend generator");
        Bundles.write(dir, BundleManifestTest.sample());
    }

    private String refusal() {
        return assertThrows(BundleFormatException.class, () -> Bundles.readVerified(dir)).getMessage();
    }

    @Test
    void aModelFileLinkedFromOutsideTheBundleIsRefused() throws IOException {
        Path outside = Files.move(dir.resolve("encoder.onnx"), tmp.resolve("elsewhere.onnx"));
        Files.createSymbolicLink(dir.resolve("encoder.onnx"), outside);
        assertEquals(dir.resolve("encoder.onnx") + LINK, refusal());
    }

    @Test
    void aLinkedManifestIsRefusedToo() throws IOException {
        Path outside = Files.move(dir.resolve(BundleManifest.FILE_NAME), tmp.resolve("manifest-elsewhere.json"));
        Files.createSymbolicLink(dir.resolve(BundleManifest.FILE_NAME), outside);
        assertEquals(dir.resolve(BundleManifest.FILE_NAME) + LINK, refusal());
    }

    @Test
    void aFifoInPlaceOfAModelFileIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("generator.onnx");
        Files.delete(fifo);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        // Opening a FIFO for reading blocks until a writer comes: a hang here is the bug.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), this::refusal);
        assertEquals(fifo + ": not a regular file", message);
    }

    @Test
    void aDirectoryInPlaceOfAModelFileIsNotAFileNotMissing() throws IOException {
        Files.delete(dir.resolve("encoder.onnx"));
        Files.createDirectory(dir.resolve("encoder.onnx"));
        assertEquals(dir.resolve("encoder.onnx") + ": not a regular file", refusal());
    }

    @Test
    void theBundleDirectoryItselfMayBeALink() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("current"), dir);
        assertEquals(Bundles.verify(dir), Bundles.verify(link));
    }
}
