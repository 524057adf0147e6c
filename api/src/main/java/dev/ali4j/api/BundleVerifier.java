package dev.ali4j.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one check of a bundle, whatever its source: the manifest's signature when keys are trusted,
 * its format and version, the encoder and generator among its {@code files}, and every listed file
 * present with its SHA-256. Each file is read and hashed once; the bytes checked are the bytes kept:
 * the signature is checked on the very manifest bytes then parsed, and kept with them.
 */
final class BundleVerifier {
    private BundleVerifier() {
    }

    /**
     * @param trusted keys one of which must have signed the manifest; none: no signature needed
     */
    static VerifiedBundle verify(BundleSource source, List<PublicKey> trusted) throws IOException {
        byte[] manifestBytes = source.read(BundleManifest.FILE_NAME);
        if (manifestBytes == null) {
            throw source.noManifest();
        }
        byte[] signature = source.read(BundleSignature.FILE_NAME);
        if (!trusted.isEmpty()) {
            // Before parsing: a manifest no trusted key signed is never read further.
            BundleSignature.check(source, manifestBytes, signature, trusted);
        }
        BundleManifest manifest = parseManifest(source, manifestBytes);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            byte[] bytes = source.read(e.getKey());
            if (bytes == null) {
                throw new BundleFormatException(e.getKey() + ": missing");
            }
            checkSha(e.getKey(), e.getValue(), Checksums.sha256(bytes));
            files.put(e.getKey(), bytes);
        }
        return new VerifiedBundle(manifest, manifestBytes, files, signature);
    }

    private static BundleManifest parseManifest(BundleSource source, byte[] bytes) throws IOException {
        String manifestFile = source.describe(BundleManifest.FILE_NAME);
        BundleManifest manifest = ManifestJson.read(new ByteArrayInputStream(bytes), manifestFile);
        for (ModelFile model : new ModelFile[] {manifest.encoder(), manifest.generator(), manifest.sampler(),
                manifest.discriminator()}) {
            if (model != null && !manifest.files().containsKey(model.file())) {
                throw new BundleFormatException(manifestFile + ": \"files\" lists no checksum for " + model.file());
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
