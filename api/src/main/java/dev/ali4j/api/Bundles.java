package dev.ali4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes, signs and verifies bundles: a {@value BundleManifest#FILE_NAME} plus the files it lists
 * with their SHA-256, and optionally its signature ({@link BundleSignature}), in a directory or
 * (to read) a zip archive of one.
 *
 * <pre>{@code
 * // trainer: the ONNX files are already in dir
 * Bundles.write(dir, manifest);
 * Bundles.sign(dir, BundleKeys.readPrivateKey(Path.of("keys/private-key.pem")));  // optional
 * // anyone: check before use
 * BundleManifest checked = Bundles.verify(dir); // throws BundleFormatException naming the bad file
 * VerifiedBundle signed = Bundles.readVerified(dir, List.of(trustedPublicKey));   // and the signature
 * }</pre>
 */
public final class Bundles {
    private Bundles() {
    }

    /**
     * Computes the SHA-256 of the network files (and of any other file already
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
        if (manifestWithoutChecksums.sampler() != null) {
            files.put(manifestWithoutChecksums.sampler().file(), null);
        }
        if (manifestWithoutChecksums.discriminator() != null) {
            files.put(manifestWithoutChecksums.discriminator().file(), null);
        }
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
     * Verifies the bundle in {@code dir}, then rewrites its manifest atomically with
     * {@code calibration} in place of any earlier one. The files' checksums are kept as verified,
     * never recomputed, so calibrating cannot bless a modified model file.
     *
     * @param dir the bundle directory
     * @param calibration the new calibration
     * @return the manifest as written
     * @throws BundleFormatException if the bundle does not verify, or the calibration's score
     *     needs a discriminator the bundle lacks, or its profile is of another code size
     * @throws IOException if reading or writing fails
     */
    public static BundleManifest writeCalibration(Path dir, Calibration calibration) throws IOException {
        BundleManifest manifest;
        try {
            manifest = verify(dir).toBuilder().calibration(calibration).build();
        } catch (IllegalArgumentException e) { // the calibration does not fit this bundle
            throw new BundleFormatException(dir + ": " + e.getMessage());
        }
        AtomicFiles.write(dir.resolve(BundleManifest.FILE_NAME), manifest::write);
        return manifest;
    }

    /**
     * Reads {@code dir/manifest.json} and checks that every file it lists exists and matches its
     * SHA-256, and that the encoder and generator are among them. Every file is read once; to use
     * the files checked, call {@link #readVerified(Path)} instead.
     *
     * @param dir the bundle directory
     * @return the verified manifest
     * @throws BundleFormatException naming the problem: no such directory, no manifest, a bad
     *     manifest, {@code "generator.onnx: missing"}, {@code "encoder.onnx: checksum mismatch
     *     (manifest says 3fa2…, file has 9c1d…): the bundle was modified or is corrupt"}
     * @throws IOException if a file cannot be read
     */
    public static BundleManifest verify(Path dir) throws IOException {
        return readVerified(dir).manifest();
    }

    /**
     * Reads a bundle directory into memory and checks it as {@link #verify(Path)} does, hashing
     * each file once: the bytes checked are the bytes returned.
     *
     * @param dir the bundle directory
     * @return the manifest and the checked bytes of every file it lists
     * @throws BundleFormatException naming the problem, as {@link #verify(Path)}
     * @throws IOException if a file cannot be read
     */
    public static VerifiedBundle readVerified(Path dir) throws IOException {
        return readVerified(dir, Collections.<PublicKey>emptyList());
    }

    /**
     * As {@link #readVerified(Path)}, and when {@code trustedKeys} holds any key, also requires the
     * bundle's {@value BundleSignature#FILE_NAME} to be a signature of its manifest by one of them.
     * The signature is checked on the very manifest bytes that are then parsed and used.
     *
     * @param dir the bundle directory
     * @param trustedKeys P-256 public keys ({@link BundleKeys}); empty: no signature needed
     * @return the manifest and the checked bytes of every file it lists
     * @throws BundleFormatException naming the problem, as {@link #verify(Path)}, or
     *     {@code "bundle/manifest.json: not signed (no manifest.json.sig), and this runtime requires a
     *     signature by a trusted key"}, or {@code "...: signature does not match any trusted key: the
     *     bundle was modified or signed by another key"}
     * @throws IllegalArgumentException if a trusted key is not a P-256 public key
     * @throws IOException if a file cannot be read
     */
    public static VerifiedBundle readVerified(Path dir, Collection<? extends PublicKey> trustedKeys)
            throws IOException {
        return BundleVerifier.verify(new DirectoryBundleSource(dir), BundleKeys.trusted(trustedKeys));
    }

    /**
     * Reads a zip archive of a bundle to its end (the stream is left open) and checks it as
     * {@link #verify(Path)} checks a directory. The files may lie at the archive's root or in one
     * folder (a zipped bundle directory); other entries are ignored.
     *
     * @param zip the archive's bytes: an Android asset, a download, a class-path resource
     * @return the manifest and the checked bytes of every file it lists
     * @throws BundleFormatException if the stream is not a zip of a valid bundle, naming the fault
     * @throws IOException if the stream cannot be read
     */
    public static VerifiedBundle readVerified(InputStream zip) throws IOException {
        return readVerified(zip, Collections.<PublicKey>emptyList());
    }

    /**
     * As {@link #readVerified(InputStream)}, with the signature check of
     * {@link #readVerified(Path, Collection)}: the archive's {@value BundleSignature#FILE_NAME}
     * lies beside its manifest.
     *
     * @param zip the archive's bytes
     * @param trustedKeys P-256 public keys; empty: no signature needed
     * @return the manifest and the checked bytes of every file it lists
     * @throws BundleFormatException if the stream is not a zip of a valid bundle signed by a
     *     trusted key, naming the fault
     * @throws IllegalArgumentException if a trusted key is not a P-256 public key
     * @throws IOException if the stream cannot be read
     */
    public static VerifiedBundle readVerified(InputStream zip, Collection<? extends PublicKey> trustedKeys)
            throws IOException {
        List<PublicKey> trusted = BundleKeys.trusted(trustedKeys); // checked before the stream is read
        return BundleVerifier.verify(new ZipBundleSource(zip), trusted);
    }

    /**
     * Verifies the bundle in {@code dir} (checksums), then writes the signature of its manifest
     * by {@code key} to {@code dir/}{@value BundleSignature#FILE_NAME}, atomically. The bytes
     * signed are the manifest bytes verified. Rewriting the manifest afterwards (again
     * {@link #write}, {@link #writeCalibration}) leaves a signature that no longer matches: sign
     * again.
     *
     * @param dir the bundle directory
     * @param key a P-256 private key ({@link BundleKeys#readPrivateKey})
     * @return the manifest signed
     * @throws BundleFormatException if the bundle does not verify
     * @throws IllegalArgumentException if {@code key} is not a P-256 private key
     * @throws IOException if reading or writing fails
     */
    public static BundleManifest sign(Path dir, PrivateKey key) throws IOException {
        VerifiedBundle bundle = readVerified(dir);
        byte[] signature = BundleSignature.sign(bundle.manifestBytes(), key);
        AtomicFiles.write(dir.resolve(BundleSignature.FILE_NAME), out -> out.write(signature));
        return bundle.manifest();
    }
}
