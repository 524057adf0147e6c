package dev.ali4j.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A zip archive of a bundle, read into memory: its files may lie at the archive's root or in one
 * folder (a zipped bundle directory); entries outside that folder are ignored.
 */
final class ZipBundleSource implements BundleSource {
    private final Map<String, byte[]> files;

    /**
     * Reads the stream to its end; it is left open.
     *
     * @throws BundleFormatException if the stream is not a zip archive of one bundle
     * @throws IOException if the stream cannot be read
     */
    ZipBundleSource(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("zip stream must not be null");
        }
        Map<String, byte[]> byPath = entries(in);
        String prefix = folder(byPath);
        files = new HashMap<>();
        for (Map.Entry<String, byte[]> e : byPath.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                files.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
    }

    /** Entries of a zip by path, directories left out. */
    private static Map<String, byte[]> entries(InputStream in) throws IOException {
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
        return byPath;
    }

    /** The folder holding the manifest ({@code ""} at the root, or when there is none). */
    private static String folder(Map<String, byte[]> byPath) throws BundleFormatException {
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
        return manifestPath == null ? "" : manifestPath.substring(0, manifestPath.length()
                - BundleManifest.FILE_NAME.length());
    }

    @Override
    public byte[] read(String name) {
        return files.get(name);
    }

    @Override
    public String describe(String name) {
        return name;
    }

    @Override
    public BundleFormatException noManifest() {
        return new BundleFormatException("not a zip archive of an ali4j bundle (no " + BundleManifest.FILE_NAME + ")");
    }
}
