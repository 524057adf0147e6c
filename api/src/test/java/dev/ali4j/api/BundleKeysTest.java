package dev.ali4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM key files as ali keygen and OpenSSL write them, and the clear refusal of anything else. */
class BundleKeysTest {
    /** {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | openssl pkey -pubout}. */
    private static final String OPENSSL_P256 = "-----BEGIN PUBLIC KEY-----\n"
            + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHlOBWVAtO/RRwosTQuCZAvSVQn7C\n"
            + "HwmCWyPuoZdz7NAwVh9a6amAJyumJma5CVzRqJMWbJM4dKDvZUpT+4iTmQ==\n"
            + "-----END PUBLIC KEY-----\n";
    /** The same with {@code ec_paramgen_curve:P-384}. */
    private static final String OPENSSL_P384 = "-----BEGIN PUBLIC KEY-----\n"
            + "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAESUb7gvH912Wgb8FxQR4vuKpCT5MwfbQt\n"
            + "PUH5pQeJPsorCXqVaQo1qiydsGeaRE3+mXoY/WkgunQiZEpms0UBsLQiIAHRAvDw\n"
            + "klYCSsqQpMbMk8PXdi88nOPt9KWoOgTK\n"
            + "-----END PUBLIC KEY-----\n";

    @TempDir
    Path tmp;

    @Test
    void keysRoundTripThroughPemFilesInOpenSslsLayout() throws IOException {
        KeyPair pair = BundleKeys.generate();
        String publicPem = BundleKeys.pem(pair.getPublic());
        String privatePem = BundleKeys.pem(pair.getPrivate());
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), publicPem);
        assertTrue(publicPem.endsWith("\n-----END PUBLIC KEY-----\n"), publicPem);
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"), privatePem);
        assertTrue(privatePem.lines().allMatch(line -> line.length() <= 64), privatePem);

        Path publicFile = Files.writeString(tmp.resolve("public-key.pem"), publicPem);
        Path privateFile = Files.writeString(tmp.resolve("private-key.pem"), privatePem);
        assertArrayEquals(pair.getPublic().getEncoded(), BundleKeys.readPublicKey(publicFile).getEncoded());
        assertArrayEquals(pair.getPrivate().getEncoded(), BundleKeys.readPrivateKey(privateFile).getEncoded());
    }

    @Test
    void anOpenSslP256KeyIsReadAndOtherCurvesAreRefused() throws IOException {
        PublicKey key = BundleKeys.publicKey("comment before the block\n" + OPENSSL_P256, "openssl.pem");
        assertEquals(1, BundleKeys.trusted(List.of(key)).size());
        assertEquals("p384.pem: an EC public key on another curve; bundle keys are P-256 (secp256r1)",
                assertThrows(IOException.class, () -> BundleKeys.publicKey(OPENSSL_P384, "p384.pem")).getMessage());
    }

    @Test
    void theWrongFileIsNamedWithWhatItHolds() throws IOException {
        Path privateFile = Files.writeString(tmp.resolve("private-key.pem"), BundleKeys.pem(BundleKeys.generate()
                .getPrivate()));
        assertEquals(privateFile + ": expected a PEM public key (-----BEGIN PUBLIC KEY-----), found "
                + "-----BEGIN PRIVATE KEY-----",
                assertThrows(IOException.class, () -> BundleKeys.readPublicKey(privateFile)).getMessage());
        Path publicFile = Files.writeString(tmp.resolve("public-key.pem"), OPENSSL_P256);
        assertEquals(publicFile + ": expected a PEM private key (-----BEGIN PRIVATE KEY-----), found "
                + "-----BEGIN PUBLIC KEY-----",
                assertThrows(IOException.class, () -> BundleKeys.readPrivateKey(publicFile)).getMessage());
        assertEquals("x.pem: expected a PEM public key (-----BEGIN PUBLIC KEY-----), found no PEM block",
                assertThrows(IOException.class, () -> BundleKeys.publicKey("hello", "x.pem")).getMessage());
        String garbled = OPENSSL_P256.replace("MFkwEwYHKoZIzj0CAQYI", "MFkwEwYHKoZIzj0CAQYX");
        assertTrue(assertThrows(IOException.class, () -> BundleKeys.publicKey(garbled, "g.pem")).getMessage()
                .startsWith("g.pem: not an EC public key"));
    }
}
