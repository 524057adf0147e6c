package dev.ali4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RuntimeOptions.Builder#trustedKeys}: a real ONNX bundle loads only when a trusted key signed it. */
class SignedLoadingTest {
    private static final KeyPair PAIR = BundleKeys.generate();

    @TempDir
    Path tmp;
    private Path dir;
    private final RuntimeOptions trusting = RuntimeOptions.builder().trustedKeys(PAIR.getPublic()).build();

    @BeforeEach
    void bundle() throws IOException {
        dir = TinyBundle.install(tmp.resolve("b"));
    }

    @Test
    void aSignedBundleLoadsFromItsDirectoryAndFromAZip() throws IOException {
        Bundles.sign(dir, PAIR.getPrivate());
        try (OnnxLatentModel model = OnnxLatentModel.load(dir, trusting)) {
            assertEquals(TinyBundle.D, model.manifest().latent().size());
        }
        byte[] zip = zip(BundleManifest.FILE_NAME, BundleSignature.FILE_NAME, "encoder.onnx", "generator.onnx");
        try (OnnxLatentModel model = OnnxLatentModel.load(new ByteArrayInputStream(zip), trusting)) {
            assertEquals(TinyBundle.D, model.manifest().latent().size());
        }
    }

    @Test
    void anUnsignedBundleLoadsOnlyWhenNoKeyIsTrusted() throws IOException {
        try (OnnxLatentModel model = OnnxLatentModel.load(dir, RuntimeOptions.defaults())) {
            assertEquals(TinyBundle.D, model.manifest().latent().size());
        }
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir, trusting));
        assertEquals(dir.resolve(BundleManifest.FILE_NAME) + ": not signed (no manifest.json.sig), and this runtime "
                + "requires a signature by a trusted key", e.getMessage());
    }

    @Test
    void aNetworkSwappedAndReHashedAfterSigningIsRefused() throws IOException {
        Bundles.sign(dir, PAIR.getPrivate());
        byte[] model = Files.readAllBytes(dir.resolve("encoder.onnx"));
        model[model.length - 1] ^= 1;
        Files.write(dir.resolve("encoder.onnx"), model);
        Bundles.write(dir, BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME))); // checksums pass again
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> OnnxLatentModel.load(dir, trusting));
        assertTrue(e.getMessage().endsWith("manifest.json: signature does not match any trusted key: the bundle was "
                + "modified or signed by another key"), e.getMessage());
    }

    @Test
    void onlyP256KeysCanBeTrusted() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024); // any RSA key: only its kind matters here
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeOptions.builder().trustedKeys(rsa.generateKeyPair().getPublic()));
        assertTrue(e.getMessage().startsWith("a trusted key must be an EC P-256 public key, got RSA"), e.getMessage());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        assertThrows(IllegalArgumentException.class,
                () -> RuntimeOptions.builder().trustedKeys(List.of(ec.generateKeyPair().getPublic())));
        assertEquals(List.of(), RuntimeOptions.defaults().trustedKeys());
    }

    private byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(Files.readAllBytes(dir.resolve(name)));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
