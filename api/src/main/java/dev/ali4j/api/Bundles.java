package dev.ali4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and verifies bundle directories: a {@value BundleManifest#FILE_NAME} plus the files it
 * lists with their SHA-256.
 *
 * <pre>{@code
 * // trainer: the ONNX files are already in dir
 * Bundles.write(dir, manifest);
 * // anyone: check before use
 * BundleManifest checked = Bundles.verify(dir); // throws BundleFormatException naming the bad file
 * }</pre>
 */
public final class Bundles {
    private Bundles() {
    }

    /**
     * Computes the SHA-256 of the encoder and generator files (and of any other file already
     * listed in the manifest's {@code files}) found in {@code dir}, and writes the manifest with
     * those checksums as {@code dir/manifest.json}. The manifest is written to a temporary file in
     * {@code dir} and moved into place atomically, so readers never see half a manifest.
     *
     * @param dir the bundle directory, holding the model files already
     * @param manifestWithoutChecksums the manifest; its {@code files} are recomputed
     * @return the manifest as written, with checksums
     * @throws BundleFormatException if a model file is missing
     * @throws IOException if reading or writing fails
     */
    public static BundleManifest write(Path dir, BundleManifest manifestWithoutChecksums) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : manifestWithoutChecksums.files().keySet()) {
            files.put(name, null);
        }
        files.put(manifestWithoutChecksums.encoder().file(), null);
        files.put(manifestWithoutChecksums.generator().file(), null);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new BundleFormatException(file + ": missing (write the model files before the manifest)");
            }
            e.setValue(Checksums.sha256(file));
        }
        BundleManifest manifest = manifestWithoutChecksums.withFiles(files);
        AtomicFiles.write(dir.resolve(BundleManifest.FILE_NAME), manifest::write);
        return manifest;
    }

    /**
     * Reads {@code dir/manifest.json} and checks that every file it lists exists and matches its
     * SHA-256, and that the encoder and generator are among them.
     *
     * @param dir the bundle directory
     * @return the verified manifest
     * @throws BundleFormatException naming the problem: no such directory, no manifest, a bad
     *     manifest, {@code "generator.onnx: missing"}, {@code "encoder.onnx: checksum mismatch
     *     (manifest says 3fa2…, file has 9c1d…): the bundle was modified or is corrupt"}
     * @throws IOException if a file cannot be read
     */
    public static BundleManifest verify(Path dir) throws IOException {
        BundleManifest manifest = readManifest(dir);
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new BundleFormatException(e.getKey() + ": missing");
            }
            checkSha(e.getKey(), e.getValue(), Checksums.sha256(file));
        }
        return manifest;
    }

    /**
     * Reads one listed file of a bundle into memory and checks the bytes read against the
     * manifest, so that what was checked is exactly what the caller uses (a file replaced
     * between a {@link #verify} and a later read is still caught).
     *
     * @param dir the bundle directory
     * @param manifest its manifest, e.g. from {@link #verify}
     * @param fileName a file listed in {@code manifest.files()}
     * @return the file's bytes
     * @throws BundleFormatException if the file is not listed, missing or does not match
     * @throws IOException if it cannot be read
     */
    public static byte[] readVerified(Path dir, BundleManifest manifest, String fileName) throws IOException {
        String expected = manifest.files().get(fileName);
        if (expected == null) {
            throw new BundleFormatException(BundleManifest.FILE_NAME + ": lists no checksum for " + fileName);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(fileName));
        } catch (NoSuchFileException e) {
            throw new BundleFormatException(fileName + ": missing", e);
        }
        checkSha(fileName, expected, Checksums.sha256(bytes));
        return bytes;
    }

    private static BundleManifest readManifest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BundleFormatException(dir + ": no such bundle directory");
        }
        Path file = dir.resolve(BundleManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BundleFormatException(dir + ": not an ali4j bundle (no " + BundleManifest.FILE_NAME + ")");
        }
        BundleManifest manifest = BundleManifest.read(file);
        for (ModelFile model : new ModelFile[] {manifest.encoder(), manifest.generator()}) {
            if (!manifest.files().containsKey(model.file())) {
                throw new BundleFormatException(file + ": \"files\" lists no checksum for " + model.file());
            }
        }
        return manifest;
    }

    private static void checkSha(String name, String expected, String actual) throws BundleFormatException {
        if (!expected.equals(actual)) {
            throw new BundleFormatException(name + ": checksum mismatch (manifest says " + shortHex(expected)
                    + ", file has " + shortHex(actual) + "): the bundle was modified or is corrupt");
        }
    }

    private static String shortHex(String sha) {
        return sha.substring(0, 8) + "…";
    }
}
