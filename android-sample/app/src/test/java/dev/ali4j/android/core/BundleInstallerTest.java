package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle shipped in the assets, copied once to a directory the runtime loads. */
class BundleInstallerTest {
    @TempDir
    Path tmp;
    private Path assets;
    private Path installed;
    private final List<String> opened = new ArrayList<>();

    @BeforeEach
    void assets() throws IOException {
        assets = TinyBundleAssets.create(tmp.resolve("assets"));
        installed = tmp.resolve("files/bundle");
    }

    private BundleInstaller.AssetSource counting() {
        BundleInstaller.AssetSource source = TinyBundleAssets.source(assets);
        return path -> {
            opened.add(path);
            return source.open(path);
        };
    }

    @Test
    void copiesTheBundleOnceAndVerifiesIt() throws IOException {
        BundleManifest manifest = BundleInstaller.install(counting(), "bundle", installed);
        assertEquals(Bundles.verify(assets.resolve("bundle")), manifest);
        for (String name : new String[] {"manifest.json", "discriminator.onnx", "encoder.onnx", "generator.onnx"}) {
            assertArrayEquals(Files.readAllBytes(assets.resolve("bundle").resolve(name)),
                    Files.readAllBytes(installed.resolve(name)), name);
        }
        assertEquals(List.of("bundle/manifest.json", "bundle/discriminator.onnx", "bundle/encoder.onnx",
                "bundle/generator.onnx", "bundle/manifest.json.sig"), opened, "looked for a signature, found none");

        opened.clear();
        FileTime before = Files.getLastModifiedTime(installed.resolve("encoder.onnx"));
        assertEquals(manifest, BundleInstaller.install(counting(), "bundle", installed));
        assertEquals(List.of("bundle/manifest.json"), opened, "second start: only the manifest is read");
        assertEquals(before, Files.getLastModifiedTime(installed.resolve("encoder.onnx")));
    }

    @Test
    void aSignedBundleArrivesWithItsSignatureAndLoadsUnderTheTrustedKey() throws IOException {
        java.security.KeyPair keys = dev.ali4j.api.BundleKeys.generate();
        Bundles.sign(assets.resolve("bundle"), keys.getPrivate());
        BundleInstaller.install(counting(), "bundle", installed);
        assertEquals(Bundles.verify(assets.resolve("bundle")),
                Bundles.readVerified(installed, List.of(keys.getPublic())).manifest());
    }

    @Test
    void aNewBundleInTheAssetsReplacesTheInstalledOne() throws IOException {
        BundleManifest first = BundleInstaller.install(counting(), "bundle", installed);
        // an app update ships a bundle trained longer: another manifest
        Path shipped = assets.resolve("bundle");
        Bundles.write(shipped, first.toBuilder().training(first.training().toBuilder().epochs(4).build()).build());
        opened.clear();
        BundleManifest second = BundleInstaller.install(counting(), "bundle", installed);
        assertEquals(5, opened.size(), "copied again: " + opened);
        assertEquals(4, second.training().epochs());
        assertEquals(4, Bundles.verify(installed).training().epochs());
    }

    @Test
    void aDamagedInstallationIsCopiedAgain() throws IOException {
        BundleInstaller.install(counting(), "bundle", installed);
        Files.write(installed.resolve("generator.onnx"), new byte[] {1, 2, 3});
        BundleInstaller.install(counting(), "bundle", installed);
        assertArrayEquals(Files.readAllBytes(assets.resolve("bundle/generator.onnx")),
                Files.readAllBytes(installed.resolve("generator.onnx")));
        // and an interrupted copy, which leaves no manifest
        Files.delete(installed.resolve("manifest.json"));
        Files.delete(installed.resolve("encoder.onnx"));
        BundleInstaller.install(counting(), "bundle", installed);
        Bundles.verify(installed);
    }

    @Test
    void aMissingBundleSaysWhatToDo() {
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> BundleInstaller.install(counting(), "no-such-folder", installed));
        assertTrue(e.getMessage().startsWith("assets/no-such-folder/manifest.json: missing; copy a bundle"),
                e.getMessage());
    }

    @Test
    void aShippedFileThatDoesNotMatchItsChecksumIsRefused() throws IOException {
        Path encoder = assets.resolve("bundle/encoder.onnx");
        byte[] bytes = Files.readAllBytes(encoder);
        bytes[bytes.length / 2] ^= 1;
        Files.write(encoder, bytes);
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> BundleInstaller.install(counting(), "bundle", installed));
        assertTrue(e.getMessage().startsWith("encoder.onnx: checksum mismatch"), e.getMessage());

        Files.delete(encoder);
        e = assertThrows(BundleFormatException.class, () -> BundleInstaller.install(counting(), "bundle", installed));
        assertEquals("assets/bundle/encoder.onnx: missing", e.getMessage());
    }

    @Test
    void fileNamesThatLeaveTheDirectoryAreRefused() throws IOException {
        Path manifest = assets.resolve("bundle/manifest.json");
        String json = new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8);
        Files.write(manifest, json.replace("\"generator.onnx\" : \"", "\"../generator.onnx\" : \"")
                .getBytes(StandardCharsets.UTF_8));
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> BundleInstaller.install(counting(), "bundle", installed));
        assertTrue(e.getMessage().contains("../generator.onnx"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("files/generator.onnx")), "nothing written outside the bundle");
    }
}
