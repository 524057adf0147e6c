package dev.ali4j.api;

import java.util.Map;
import java.util.Optional;

/**
 * A bundle read into memory and checked against its manifest: the bytes of every file it lists,
 * each matching its SHA-256. What was checked is exactly what a caller uses, so a file replaced
 * on disk after the check cannot slip in. Made by {@link Bundles#readVerified(java.nio.file.Path)}
 * and {@link Bundles#readVerified(java.io.InputStream)}.
 *
 * <pre>{@code
 * VerifiedBundle bundle = Bundles.readVerified(dir);
 * byte[] encoder = bundle.bytes(bundle.manifest().encoder().file());
 * }</pre>
 */
public final class VerifiedBundle {
    private final BundleManifest manifest;
    private final byte[] manifestBytes;
    private final Map<String, byte[]> files;
    private final byte[] signature;

    VerifiedBundle(BundleManifest manifest, byte[] manifestBytes, Map<String, byte[]> files, byte[] signature) {
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
        this.files = files;
        this.signature = signature;
    }

    /** @return the manifest, as read and checked */
    public BundleManifest manifest() {
        return manifest;
    }

    /** @return the manifest file's bytes, exactly as read, checked and parsed (what a signature covers) */
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /**
     * The bundle's {@value BundleSignature#FILE_NAME} as read with the manifest, so a copy of the
     * bundle carries the very signature that was (or can be) checked, not a later read of the file.
     * It was checked only if the bundle was read with trusted keys.
     *
     * @return a copy of the signature's bytes; empty if the bundle has no signature file
     */
    public Optional<byte[]> signature() {
        return signature == null ? Optional.empty() : Optional.of(signature.clone());
    }

    /**
     * @param name a file listed in the manifest
     * @return a copy of its checked bytes
     * @throws IllegalArgumentException if the manifest does not list {@code name}
     */
    public byte[] bytes(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException(BundleManifest.FILE_NAME + " lists no file " + name + ", only "
                    + manifest.files().keySet());
        }
        return bytes.clone();
    }
}
