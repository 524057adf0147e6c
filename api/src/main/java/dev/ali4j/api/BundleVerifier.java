package dev.ali4j.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one check of a bundle, whatever its source: the manifest's format and version, the encoder
 * and generator among its {@code files}, and every listed file present with its SHA-256. Each file
 * is read and hashed once; the bytes hashed are the bytes kept.
 */
final class BundleVerifier {
    private BundleVerifier() {
    }

    static VerifiedBundle verify(BundleSource source) throws IOException {
        BundleManifest manifest = readManifest(source);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            byte[] bytes = source.read(e.getKey());
            if (bytes == null) {
                throw new BundleFormatException(e.getKey() + ": missing");
            }
            checkSha(e.getKey(), e.getValue(), Checksums.sha256(bytes));
            files.put(e.getKey(), bytes);
        }
        return new VerifiedBundle(manifest, files);
    }

    private static BundleManifest readManifest(BundleSource source) throws IOException {
        byte[] bytes = source.read(BundleManifest.FILE_NAME);
        if (bytes == null) {
            throw source.noManifest();
        }
        String manifestFile = source.describe(BundleManifest.FILE_NAME);
        BundleManifest manifest = ManifestJson.read(new ByteArrayInputStream(bytes), manifestFile);
        for (ModelFile model : new ModelFile[] {manifest.encoder(), manifest.generator(), manifest.discriminator()}) {
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
