package dev.ali4j.api;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The keys that sign bundles ({@link BundleSignature}): ECDSA on the NIST P-256 curve, kept in
 * PEM files that OpenSSL writes and reads too: the private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), the public key as X.509 SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}). Only {@code java.security}: works on Android 8 and later.
 *
 * <pre>{@code
 * KeyPair pair = BundleKeys.generate();                 // or: ali keygen --out keys
 * String publicPem = BundleKeys.pem(pair.getPublic());
 * PublicKey trusted = BundleKeys.readPublicKey(Path.of("keys/public-key.pem"));
 * }</pre>
 */
public final class BundleKeys {
    /** The curve, by its standard name (NIST P-256). */
    public static final String CURVE = "secp256r1";
    private static final String ALGORITHM = "EC";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    /** The order of P-256's base point (FIPS 186-4, D.1.2.3): tells P-256 keys from other curves' keys. */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private BundleKeys() {
    }

    /** @return a new P-256 key pair */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("this Java has no EC " + CURVE + " key generator", e);
        }
    }

    /**
     * @param file a PEM public key ({@code -----BEGIN PUBLIC KEY-----}), as {@code ali keygen} or
     *     {@code openssl pkey -pubout} writes it
     * @return the key
     * @throws IOException if the file cannot be read or holds no P-256 public key, naming it
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        return publicKey(read(file), file.toString());
    }

    /**
     * @param files PEM public keys, as for {@link #readPublicKey(Path)}, e.g. a command's
     *     repeated {@code --trusted-key}
     * @return the keys, in the same order
     * @throws IOException naming the first file that cannot be read or holds no P-256 public key
     */
    public static List<PublicKey> readPublicKeys(Collection<Path> files) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : files) {
            keys.add(readPublicKey(file));
        }
        return keys;
    }

    /**
     * @param pem the text of a PEM public key, e.g. one compiled into an app
     * @param source what to call it in messages
     * @return the key
     * @throws IOException if the text holds no P-256 public key
     */
    public static PublicKey publicKey(String pem, String source) throws IOException {
        byte[] der = Pem.decode(pem, PUBLIC_LABEL, source);
        PublicKey key;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": not an EC public key: " + e.getMessage(), e);
        }
        if (!isP256(key)) {
            throw new IOException(source + ": an EC public key on another curve; bundle keys are P-256 (" + CURVE + ")");
        }
        return key;
    }

    /**
     * @param file a PEM private key in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), as
     *     {@code ali keygen} or {@code openssl genpkey} writes it; not encrypted
     * @return the key
     * @throws IOException if the file cannot be read or holds no P-256 private key, naming it
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String source = file.toString();
        byte[] der = Pem.decode(read(file), PRIVATE_LABEL, source);
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": not an EC private key: " + e.getMessage(), e);
        }
        if (!isP256(key)) {
            throw new IOException(source + ": an EC private key on another curve; bundle keys are P-256 (" + CURVE + ")");
        }
        return key;
    }

    /** @return {@code key} as a PEM X.509 SubjectPublicKeyInfo block */
    public static String pem(PublicKey key) {
        return Pem.encode(PUBLIC_LABEL, key.getEncoded());
    }

    /** @return {@code key} as a PEM PKCS#8 block, unencrypted: keep the file private */
    public static String pem(PrivateKey key) {
        return Pem.encode(PRIVATE_LABEL, key.getEncoded());
    }

    /**
     * Checks keys meant to verify bundle signatures.
     *
     * @param keys P-256 public keys, none or more
     * @return an unmodifiable copy
     * @throws IllegalArgumentException if a key is null or not a P-256 public key
     */
    public static List<PublicKey> trusted(Collection<? extends PublicKey> keys) {
        List<PublicKey> copy = new ArrayList<>();
        for (PublicKey key : keys) {
            if (!isP256(key)) {
                throw new IllegalArgumentException("a trusted key must be an EC P-256 public key, got "
                        + (key == null ? "null" : key.getAlgorithm() + " " + key.getFormat()));
            }
            copy.add(key);
        }
        return Collections.unmodifiableList(copy);
    }

    /** Whether {@code key} is an EC key on P-256; the curve's order and field size tell it from the others. */
    static boolean isP256(Key key) {
        if (!(key instanceof ECKey)) {
            return false;
        }
        ECParameterSpec params = ((ECKey) key).getParams();
        return params != null && P256_ORDER.equals(params.getOrder())
                && params.getCurve().getField().getFieldSize() == 256;
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }
}
