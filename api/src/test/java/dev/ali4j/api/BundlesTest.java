package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlesTest {
    @TempDir
    Path dir;

    private final byte[] encoderBytes = "pretend encoder".getBytes(StandardCharsets.UTF_8);
    private final byte[] generatorBytes = "pretend generator".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void modelFiles() throws IOException {
        Files.write(dir.resolve("encoder.onnx"), encoderBytes);
        Files.write(dir.resolve("generator.onnx"), generatorBytes);
    }

    @Test
    void writeThenVerifyRoundTrips() throws IOException {
        BundleManifest written = Bundles.write(dir, BundleManifestTest.sample());
        assertEquals(Checksums.sha256(encoderBytes), written.files().get("encoder.onnx"));
        assertEquals(Checksums.sha256(generatorBytes), written.files().get("generator.onnx"));
        assertEquals(written, Bundles.verify(dir));
        assertEquals(written, BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME)));
        VerifiedBundle read = Bundles.readVerified(dir);
        assertEquals(written, read.manifest());
        assertArrayEquals(encoderBytes, read.bytes("encoder.onnx"));
        assertArrayEquals(generatorBytes, read.bytes("generator.onnx"));
        read.bytes("encoder.onnx")[0] ^= 1;
        assertArrayEquals(encoderBytes, read.bytes("encoder.onnx"), "callers get copies");
        assertThrows(IllegalArgumentException.class, () -> read.bytes("classifier.onnx"));
    }

    @Test
    void aZippedBundleReadsLikeItsDirectoryAtTheRootOrInOneFolder() throws IOException {
        BundleManifest written = Bundles.write(dir, BundleManifestTest.sample());
        for (String folder : new String[] {"", "bundle/"}) {
            byte[] archive = zip(folder, BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx");
            VerifiedBundle read = Bundles.readVerified(new ByteArrayInputStream(archive));
            assertEquals(written, read.manifest(), folder);
            assertArrayEquals(encoderBytes, read.bytes("encoder.onnx"), folder);
        }
    }

    @Test
    void aZipWithoutManifestOrWithATamperedFileFailsLikeADirectory() throws IOException {
        BundleManifest written = Bundles.write(dir, BundleManifestTest.sample());
        byte[] noManifest = zip("", "encoder.onnx", "generator.onnx");
        assertEquals("not a zip archive of an ali4j bundle (no manifest.json)", assertThrows(
                BundleFormatException.class, () -> Bundles.readVerified(new ByteArrayInputStream(noManifest)))
                .getMessage());
        Files.write(dir.resolve("generator.onnx"), "tampered".getBytes(StandardCharsets.UTF_8));
        byte[] tampered = zip("", BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx");
        String fromZip = assertThrows(BundleFormatException.class,
                () -> Bundles.readVerified(new ByteArrayInputStream(tampered))).getMessage();
        assertEquals(assertThrows(BundleFormatException.class, () -> Bundles.verify(dir)).getMessage(), fromZip);
        assertTrue(fromZip.startsWith("generator.onnx: checksum mismatch (manifest says "
                + written.files().get("generator.onnx").substring(0, 8)), fromZip);
    }

    private byte[] zip(String folder, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(folder + name));
                zip.write(Files.readAllBytes(dir.resolve(name)));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws IOException {
        Bundles.write(dir, BundleManifestTest.sample());
        Bundles.write(dir, BundleManifestTest.sample()); // overwrite in place
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void tamperedFileFailsWithChecksumMismatch() throws IOException {
        BundleManifest written = Bundles.write(dir, BundleManifestTest.sample());
        Files.write(dir.resolve("encoder.onnx"), "tampered".getBytes(StandardCharsets.UTF_8));
        String expected = "encoder.onnx: checksum mismatch (manifest says "
                + written.files().get("encoder.onnx").substring(0, 8) + "…, file has "
                + Checksums.sha256("tampered".getBytes(StandardCharsets.UTF_8)).substring(0, 8)
                + "…): the bundle was modified or is corrupt";
        assertEquals(expected, assertThrows(BundleFormatException.class, () -> Bundles.verify(dir)).getMessage());
        assertEquals(expected, assertThrows(BundleFormatException.class,
                () -> Bundles.readVerified(dir)).getMessage());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Bundles.write(dir, BundleManifestTest.sample());
        Files.delete(dir.resolve("generator.onnx"));
        assertEquals("generator.onnx: missing",
                assertThrows(BundleFormatException.class, () -> Bundles.verify(dir)).getMessage());
    }

    @Test
    void writeNeedsTheModelFilesFirst() throws IOException {
        Files.delete(dir.resolve("encoder.onnx"));
        String msg = assertThrows(BundleFormatException.class,
                () -> Bundles.write(dir, BundleManifestTest.sample())).getMessage();
        assertTrue(msg.contains("encoder.onnx: missing"), msg);
        assertTrue(Files.notExists(dir.resolve(BundleManifest.FILE_NAME)));
    }

    @Test
    void manifestWithoutChecksumsForTheModelsDoesNotVerify() throws IOException {
        try (var out = Files.newOutputStream(dir.resolve(BundleManifest.FILE_NAME))) {
            BundleManifestTest.sample().write(out); // no "files" entries
        }
        String msg = assertThrows(BundleFormatException.class, () -> Bundles.verify(dir)).getMessage();
        assertTrue(msg.endsWith("\"files\" lists no checksum for encoder.onnx"), msg);
    }

    @Test
    void notABundleIsReported() throws IOException {
        assertEquals(dir + ": not an ali4j bundle (no manifest.json)",
                assertThrows(BundleFormatException.class, () -> Bundles.verify(dir)).getMessage());
        Path nowhere = dir.resolve("nowhere");
        assertEquals(nowhere + ": no such bundle directory",
                assertThrows(BundleFormatException.class, () -> Bundles.verify(nowhere)).getMessage());
    }

    @Test
    void checksumsAreLowercaseHexSha256() throws IOException {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Checksums.sha256(new byte[0]));
        assertEquals(Checksums.sha256(encoderBytes), Checksums.sha256(dir.resolve("encoder.onnx")));
    }
}
