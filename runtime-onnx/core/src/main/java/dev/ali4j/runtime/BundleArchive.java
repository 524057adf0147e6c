package dev.ali4j.runtime;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Checksums;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A bundle read from a zip archive into memory, and its verification: the same checks as
 * {@code Bundles.verify} makes on a directory (manifest format and version, every listed file
 * present with its SHA-256), with the same messages.
 */
final class BundleArchive {
    private BundleArchive() {
    }

    /** Entries of a zip by file name, with a common leading folder (if any) removed. */
    static Map<String, byte[]> unzip(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("zip stream must not be null");
        }
        Map<String, byte[]> byPath = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        byte[] buffer = new byte[1 << 16];
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.isDirectory()) {
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int read = zip.read(buffer); read > 0; read = zip.read(buffer)) {
                if (bytes.size() + (long) read > Integer.MAX_VALUE - 8) {
                    throw new BundleFormatException(entry.getName() + ": too large for a bundle file");
                }
                bytes.write(buffer, 0, read);
            }
            if (byPath.put(entry.getName(), bytes.toByteArray()) != null) {
                throw new BundleFormatException("zip archive holds " + entry.getName() + " twice");
            }
        }
        if (byPath.isEmpty()) {
            throw new BundleFormatException("not a zip archive of an ali4j bundle (no entries)");
        }
        String manifestPath = null;
        for (String path : byPath.keySet()) {
            if (path.equals(BundleManifest.FILE_NAME) || path.endsWith("/" + BundleManifest.FILE_NAME)
                    && path.indexOf('/') == path.length() - BundleManifest.FILE_NAME.length() - 1) {
                if (manifestPath != null) {
                    throw new BundleFormatException("zip archive holds two manifests: " + manifestPath + " and " + path);
                }
                manifestPath = path;
            }
        }
        String prefix = manifestPath == null ? "" : manifestPath.substring(0, manifestPath.length()
                - BundleManifest.FILE_NAME.length());
        Map<String, byte[]> files = new HashMap<>();
        for (Map.Entry<String, byte[]> e : byPath.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                files.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return files;
    }

    /**
     * @param files file name to content, from {@link #unzip}
     * @return the verified manifest
     * @throws BundleFormatException naming the missing or modified file, or the manifest's fault
     * @throws IOException if the manifest cannot be parsed
     */
    static BundleManifest verify(Map<String, byte[]> files) throws IOException {
        byte[] manifestBytes = files.get(BundleManifest.FILE_NAME);
        if (manifestBytes == null) {
            throw new BundleFormatException("not a zip archive of an ali4j bundle (no " + BundleManifest.FILE_NAME
                    + ")");
        }
        BundleManifest manifest = BundleManifest.read(new ByteArrayInputStream(manifestBytes));
        for (String model : new String[] {manifest.encoder().file(), manifest.generator().file()}) {
            if (!manifest.files().containsKey(model)) {
                throw new BundleFormatException(BundleManifest.FILE_NAME + ": \"files\" lists no checksum for " + model);
            }
        }
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            byte[] bytes = files.get(e.getKey());
            if (bytes == null) {
                throw new BundleFormatException(e.getKey() + ": missing");
            }
            String actual = Checksums.sha256(bytes);
            if (!e.getValue().equals(actual)) {
                throw new BundleFormatException(e.getKey() + ": checksum mismatch (manifest says "
                        + e.getValue().substring(0, 8) + "…, file has " + actual.substring(0, 8)
                        + "…): the bundle was modified or is corrupt");
            }
        }
        return manifest;
    }
}
