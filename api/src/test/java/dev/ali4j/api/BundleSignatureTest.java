package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed bundles: real P-256 keys in PEM files, a real bundle directory, zipped or not. */
class BundleSignatureTest {
    private static final KeyPair OURS = BundleKeys.generate();
    private static final KeyPair THEIRS = BundleKeys.generate();

    @TempDir
    Path tmp;
    private Path dir;
    private PrivateKey privateKey;
    private PublicKey publicKey;

    @BeforeEach
    void signedBundle() throws IOException {
        dir = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(dir.resolve("encoder.onnx"), "pretend encoder");
        Files.writeString(dir.resolve("generator.onnx"), "pretend generator");
        Bundles.write(dir, BundleManifestTest.sample());
        // Through the PEM files, as ali keygen writes them and ali sign and ali serve read them.
        Path privateFile = Files.writeString(tmp.resolve("private-key.pem"), BundleKeys.pem(OURS.getPrivate()));
        Path publicFile = Files.writeString(tmp.resolve("public-key.pem"), BundleKeys.pem(OURS.getPublic()));
        privateKey = BundleKeys.readPrivateKey(privateFile);
        publicKey = BundleKeys.readPublicKey(publicFile);
    }

    private String refusal(List<PublicKey> trusted) {
        return assertThrows(BundleFormatException.class, () -> Bundles.readVerified(dir, trusted)).getMessage();
    }

    private String manifestPath() {
        return dir.resolve(BundleManifest.FILE_NAME).toString();
    }

    @Test
    void aSignedBundleVerifiesWithTheTrustedKeyAmongOthers() throws IOException {
        BundleManifest signed = Bundles.sign(dir, privateKey);
        assertTrue(Files.isRegularFile(dir.resolve(BundleSignature.FILE_NAME)));
        assertFalse(signed.files().containsKey(BundleSignature.FILE_NAME), "the manifest need not list its signature");
        assertEquals(signed, Bundles.readVerified(dir, List.of(publicKey)).manifest());
        assertEquals(signed, Bundles.readVerified(dir, List.of(THEIRS.getPublic(), publicKey)).manifest());
        assertEquals(signed, Bundles.readVerified(dir).manifest(), "no trusted keys: signature not needed");
    }

    @Test
    void theSignatureReadIsTheOneKeptNotALaterReadOfTheFile() throws IOException {
        assertTrue(Bundles.readVerified(dir).signature().isEmpty(), "unsigned: no signature");
        Bundles.sign(dir, privateKey);
        byte[] original = Files.readAllBytes(dir.resolve(BundleSignature.FILE_NAME));
        VerifiedBundle read = Bundles.readVerified(dir, List.of(publicKey));
        Bundles.sign(dir, THEIRS.getPrivate()); // replaced after the read
        assertArrayEquals(original, read.signature().orElseThrow());
    }

    @Test
    void aModelChangedAndReHashedIsRefusedUnderATrustedKeyButLoadsWithout() throws IOException {
        Bundles.sign(dir, privateKey);
        Files.writeString(dir.resolve("encoder.onnx"), "someone else's encoder");
        Bundles.write(dir, BundleManifestTest.sample()); // checksums recomputed: corruption checks pass
        assertArrayEquals("someone else's encoder".getBytes(StandardCharsets.UTF_8),
                Bundles.readVerified(dir).bytes("encoder.onnx"));
        assertEquals(manifestPath() + ": signature does not match any trusted key: the bundle was modified or "
                + "signed by another key", refusal(List.of(publicKey)));
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefused() throws IOException {
        Bundles.sign(dir, THEIRS.getPrivate());
        assertEquals(manifestPath() + ": signature does not match any trusted key: the bundle was modified or "
                + "signed by another key", refusal(List.of(publicKey)));
    }

    @Test
    void anUnsignedBundleIsRefusedWhenKeysAreRequired() {
        assertEquals(manifestPath() + ": not signed (no manifest.json.sig), and this runtime requires a signature "
                + "by a trusted key", refusal(List.of(publicKey)));
    }

    @Test
    void aCorruptedSignatureIsRefused() throws IOException {
        Bundles.sign(dir, privateKey);
        Path sig = dir.resolve(BundleSignature.FILE_NAME);
        byte[] signature = Files.readAllBytes(sig);
        signature[signature.length - 1] ^= 1; // still DER, another number
        Files.write(sig, signature);
        assertTrue(refusal(List.of(publicKey)).endsWith(": signature does not match any trusted key: the bundle "
                + "was modified or signed by another key"), refusal(List.of(publicKey)));

        Files.writeString(sig, "not a signature");
        assertEquals(sig + ": not a SHA256withECDSA signature: it is corrupt, or was not written by ali sign",
                refusal(List.of(publicKey)));
        Files.write(sig, new byte[0]);
        assertTrue(refusal(List.of(publicKey)).startsWith(sig + ": not a SHA256withECDSA signature"));
    }

    @Test
    void signingChecksTheBundleFirstAndSignsNothingModified() throws IOException {
        Files.writeString(dir.resolve("generator.onnx"), "tampered");
        String message = assertThrows(BundleFormatException.class, () -> Bundles.sign(dir, privateKey)).getMessage();
        assertTrue(message.startsWith("generator.onnx: checksum mismatch"), message);
        assertFalse(Files.exists(dir.resolve(BundleSignature.FILE_NAME)));
    }

    @Test
    void aZippedSignedBundleVerifiesAtTheRootOrInOneFolder() throws IOException {
        Bundles.sign(dir, privateKey);
        for (String folder : new String[] {"", "bundle/"}) {
            byte[] signed = zip(folder, BundleManifest.FILE_NAME, BundleSignature.FILE_NAME, "encoder.onnx",
                    "generator.onnx");
            assertEquals(Bundles.verify(dir), Bundles.readVerified(new ByteArrayInputStream(signed),
                    List.of(publicKey)).manifest(), folder);
        }
        byte[] unsigned = zip("", BundleManifest.FILE_NAME, "encoder.onnx", "generator.onnx");
        assertEquals("manifest.json: not signed (no manifest.json.sig), and this runtime requires a signature by a "
                + "trusted key", assertThrows(BundleFormatException.class,
                        () -> Bundles.readVerified(new ByteArrayInputStream(unsigned), List.of(publicKey)))
                .getMessage());
    }

    @Test
    void keysOnAnotherCurveAreRefusedUpFront() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> Bundles.readVerified(dir, List.of(p384.getPublic())));
        assertThrows(IllegalArgumentException.class, () -> Bundles.sign(dir, p384.getPrivate()));
        assertFalse(Files.exists(dir.resolve(BundleSignature.FILE_NAME)));
    }

    private byte[] zip(String folder, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(folder + name));
                zip.write(Files.readAllBytes(dir.resolve(name)));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
