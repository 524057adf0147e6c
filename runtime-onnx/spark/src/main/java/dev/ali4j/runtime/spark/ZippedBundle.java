package dev.ali4j.runtime.spark;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Checksums;
import dev.ali4j.api.VerifiedBundle;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A bundle's files zipped into one byte array, the form in which a job ships a bundle to its
 * executors (in a broadcast variable), with the SHA-256 of its manifest as its identity. The
 * manifest holds the checksum of every other file, so two bundles with the same key are the same
 * bundle. The files are verified twice: against the manifest when they are read on the driver,
 * and again, by {@link OnnxLatentModel#load(java.io.InputStream, RuntimeOptions)}, when an
 * executor loads them, so a bundle damaged on the way is refused rather than run.
 *
 * <pre>{@code
 * ZippedBundle bundle = ZippedBundle.of(Path.of("demo-out/bundle"));   // driver
 * OnnxLatentModel model = bundle.load(RuntimeOptions.defaults());       // executor
 * }</pre>
 */
public final class ZippedBundle implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] zip;
    private final String key;

    ZippedBundle(byte[] zip, String key) {
        this.zip = zip;
        this.key = key;
    }

    /**
     * Reads and verifies a bundle directory and zips its manifest and the files it lists.
     *
     * @param dir a bundle directory (manifest.json, encoder.onnx, generator.onnx)
     * @return the zipped bundle
     * @throws dev.ali4j.api.BundleFormatException if the bundle is missing, modified or malformed
     * @throws IOException if a file cannot be read
     */
    public static ZippedBundle of(Path dir) throws IOException {
        return of(Bundles.readVerified(dir));
    }

    /**
     * Zips a bundle already read and verified: the manifest, its signature (if any) and the files
     * checked are the bytes shipped. The executors check the signature again when they require
     * one.
     *
     * @param bundle the bundle as {@link Bundles#readVerified} read it
     * @return the zipped bundle
     */
    public static ZippedBundle of(VerifiedBundle bundle) {
        byte[] manifestBytes = bundle.manifestBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            // ONNX weights hardly compress: the fastest level keeps the driver's work small.
            out.setLevel(Deflater.BEST_SPEED);
            put(out, BundleManifest.FILE_NAME, manifestBytes);
            Optional<byte[]> signature = bundle.signature();
            if (signature.isPresent()) {
                put(out, BundleSignature.FILE_NAME, signature.get()); // travels with a signed bundle
            }
            for (String name : new TreeSet<>(bundle.manifest().files().keySet())) {
                put(out, name, bundle.bytes(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip a bundle in memory", e); // a ByteArrayOutputStream does not fail
        }
        return new ZippedBundle(bytes.toByteArray(), Checksums.sha256(manifestBytes));
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    /**
     * Verifies the files against the manifest and loads them into ONNX Runtime.
     *
     * @param options threads and provider
     * @return the model; the caller closes it
     * @throws dev.ali4j.api.BundleFormatException if a file does not match its checksum
     * @throws IOException if the archive cannot be read
     */
    public OnnxLatentModel load(RuntimeOptions options) throws IOException {
        return OnnxLatentModel.load(new ByteArrayInputStream(zip), options);
    }

    /** @return the SHA-256 of the bundle's manifest, 64 hex characters: the bundle's identity */
    public String key() {
        return key;
    }

    /** @return the archive's size in bytes, what each executor receives */
    public int sizeBytes() {
        return zip.length;
    }

    @Override
    public String toString() {
        return "ZippedBundle[" + key.substring(0, 12) + "..., " + zip.length + " bytes]";
    }
}
