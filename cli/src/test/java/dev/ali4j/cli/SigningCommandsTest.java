package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import dev.ali4j.runtime.server.TestBundle;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ali keygen, ali sign, and --trusted-key on the runtime commands, end to end on a real bundle. */
class SigningCommandsTest {
    @TempDir
    Path tmp;
    private Path bundle;
    private Path keys;
    private Path image;

    @BeforeEach
    void bundleAndKeys() throws IOException {
        bundle = TestBundle.install(tmp.resolve("bundle"));
        image = TestBundle.greyPng(tmp, "a.png", 28, 28, 0);
        keys = tmp.resolve("keys");
        CliRun keygen = CliRun.of("keygen", "--out", keys.toString());
        assertEquals(0, keygen.code(), keygen.err());
    }

    private Path privateKey() {
        return keys.resolve(KeygenCommand.PRIVATE_FILE);
    }

    private Path publicKey() {
        return keys.resolve(KeygenCommand.PUBLIC_FILE);
    }

    private CliRun encodeTrusting(Path key) {
        return CliRun.of("encode", "--bundle", bundle.toString(), "--trusted-key", key.toString(), image.toString());
    }

    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(Cli.EXIT_ERROR, run.code(), run.out());
        assertEquals(expected, run.err().trim());
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndRefusesToOverwrite() throws IOException {
        assertTrue(Files.readString(privateKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(publicKey()).startsWith("-----BEGIN PUBLIC KEY-----"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey())));
        }
        String before = Files.readString(privateKey());
        assertOneLine(CliRun.of("keygen", "--out", keys.toString()), "ali keygen: " + privateKey()
                + ": exists; ali keygen never overwrites a key (move it away or choose another --out)");
        assertEquals(before, Files.readString(privateKey()));
    }

    @Test
    void aSignedBundleRunsUnderItsKeyAndAnUnsignedOneDoesNot() {
        assertOneLine(encodeTrusting(publicKey()), "ali encode: " + bundle.resolve(BundleManifest.FILE_NAME)
                + ": not signed (no manifest.json.sig), and this runtime requires a signature by a trusted key");

        CliRun sign = CliRun.of("sign", "--bundle", bundle.toString(), "--key", privateKey().toString());
        assertEquals(0, sign.code(), sign.err());
        assertTrue(sign.out().contains(bundle.resolve(BundleSignature.FILE_NAME).toString()), sign.out());

        CliRun encode = encodeTrusting(publicKey());
        assertEquals(0, encode.code(), encode.err());
        assertTrue(encode.out().startsWith("{\"file\":"), encode.out());
    }

    @Test
    void serveRefusesAModelSwappedAndReHashedAfterSigning() throws IOException {
        assertEquals(0, CliRun.of("sign", "--bundle", bundle.toString(), "--key", privateKey().toString()).code());
        byte[] model = Files.readAllBytes(bundle.resolve("encoder.onnx"));
        model[model.length - 1] ^= 1;
        Files.write(bundle.resolve("encoder.onnx"), model);
        Bundles.write(bundle, BundleManifest.read(bundle.resolve(BundleManifest.FILE_NAME)));

        assertOneLine(CliRun.of("serve", "--bundle", bundle.toString(), "--port", "0", "--trusted-key",
                publicKey().toString()), "ali serve: " + bundle.resolve(BundleManifest.FILE_NAME)
                + ": signature does not match any trusted key: the bundle was modified or signed by another key");
    }

    @Test
    void keyFilesMixedUpAndModifiedBundlesAreNamed() throws IOException {
        assertOneLine(encodeTrusting(privateKey()), "ali encode: " + privateKey()
                + ": expected a PEM public key (-----BEGIN PUBLIC KEY-----), found -----BEGIN PRIVATE KEY-----");

        Files.writeString(bundle.resolve("generator.onnx"), "tampered");
        CliRun sign = CliRun.of("sign", "--bundle", bundle.toString(), "--key", privateKey().toString());
        assertEquals(Cli.EXIT_ERROR, sign.code());
        assertTrue(sign.err().startsWith("ali sign: generator.onnx: checksum mismatch"), sign.err());
        assertFalse(Files.exists(bundle.resolve(BundleSignature.FILE_NAME)), "a modified bundle is never signed");
    }
}
