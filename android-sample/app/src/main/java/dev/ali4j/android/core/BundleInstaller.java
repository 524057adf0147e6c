package dev.ali4j.android.core;

import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Copies a model bundle shipped in the APK's assets to a directory, where the runtime can load
 * it: an Android asset is a stream inside the APK, not a file, and {@code OnnxLatentModel}
 * loads a bundle directory (verifying every file's SHA-256 against the manifest).
 *
 * <p>The copy is made once: when the directory already holds the same {@code manifest.json},
 * byte for byte, and its files verify, nothing is copied. Otherwise the old manifest is removed
 * first and written back last, each file atomically, so an interrupted copy (the app killed
 * halfway) leaves no manifest and is simply made again at the next start. The bundle is checked
 * with {@link Bundles#verify} before this returns.
 *
 * <pre>{@code
 * // Android: the bundle lies in app/src/main/assets/bundle/
 * Path dir = new File(context.getNoBackupFilesDir(), "bundle").toPath();
 * BundleInstaller.install(context.getAssets()::open, "bundle", dir);
 * }</pre>
 */
public final class BundleInstaller {
    private BundleInstaller() {
    }

    /** Opens a file shipped with the app by its path, as Android's {@code AssetManager.open} does. */
    public interface AssetSource {
        /**
         * @param path a path such as {@code "bundle/manifest.json"}
         * @return the file's content; the caller closes it
         * @throws FileNotFoundException if there is no such file
         * @throws IOException if it cannot be opened
         */
        InputStream open(String path) throws IOException;
    }

    /**
     * Makes {@code dir} hold the bundle found under {@code assetDir}, copying only if needed.
     *
     * @param assets where the bundle is shipped
     * @param assetDir its folder among the assets, e.g. {@code "bundle"}
     * @param dir the directory to install it in, created if missing
     * @return the verified manifest
     * @throws BundleFormatException if the shipped bundle has no manifest, a bad one (file names
     *     that are not plain names included), a missing file or a file that does not match its
     *     checksum
     * @throws IOException if reading or writing fails
     */
    public static BundleManifest install(AssetSource assets, String assetDir, Path dir) throws IOException {
        String manifestAsset = assetDir + "/" + BundleManifest.FILE_NAME;
        byte[] manifestBytes;
        try (InputStream in = assets.open(manifestAsset)) {
            manifestBytes = readAll(in);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new BundleFormatException("assets/" + manifestAsset + ": missing; copy a bundle into the app's"
                    + " assets first (README, section \"Android sample\")", e);
        }
        // read() accepts only plain file names: nothing is written outside dir
        BundleManifest shipped = BundleManifest.read(new ByteArrayInputStream(manifestBytes));
        Path installedManifest = dir.resolve(BundleManifest.FILE_NAME);
        if (Files.isRegularFile(installedManifest)
                && Arrays.equals(Files.readAllBytes(installedManifest), manifestBytes)) {
            try {
                return Bundles.verify(dir);
            } catch (BundleFormatException damaged) {
                // a file was changed or removed since: copy the bundle again
            }
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(installedManifest);
        for (String name : shipped.files().keySet()) {
            try (InputStream in = assets.open(assetDir + "/" + name)) {
                AtomicFiles.write(dir.resolve(name), out -> copy(in, out));
            } catch (FileNotFoundException | NoSuchFileException e) {
                throw new BundleFormatException("assets/" + assetDir + "/" + name + ": missing", e);
            }
        }
        copySignature(assets, assetDir, dir);
        AtomicFiles.write(installedManifest, out -> out.write(manifestBytes));
        return Bundles.verify(dir);
    }

    /** A signed bundle's {@code manifest.json.sig} comes along; an unsigned one has none to copy. */
    private static void copySignature(AssetSource assets, String assetDir, Path dir) throws IOException {
        Path installed = dir.resolve(BundleSignature.FILE_NAME);
        try (InputStream in = assets.open(assetDir + "/" + BundleSignature.FILE_NAME)) {
            AtomicFiles.write(installed, out -> copy(in, out));
        } catch (FileNotFoundException | NoSuchFileException e) {
            Files.deleteIfExists(installed);
        }
    }

    // InputStream.readAllBytes and transferTo are Java 9 but reach Android only at API 33.
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(in, out);
        return out.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
        }
    }
}
