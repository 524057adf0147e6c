package dev.ali4j.api;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.List;

/**
 * A bundle's signature: {@value #FILE_NAME} beside the manifest, the {@value #ALGORITHM}
 * signature (DER-encoded, as OpenSSL writes it) of the manifest file's exact bytes. The manifest
 * holds the SHA-256 of every other file, so the signature covers the whole bundle; checksums alone
 * detect corruption, a signature also detects a modified bundle with its checksums recomputed.
 * The manifest's {@code files} do not list the signature. {@link Bundles#sign} writes one
 * ({@link BundleKeys} for the keys); {@link Bundles#readVerified(java.nio.file.Path, java.util.Collection)}
 * checks it. OpenSSL checks it too:
 *
 * <pre>{@code
 * openssl dgst -sha256 -verify public-key.pem -signature manifest.json.sig manifest.json
 * }</pre>
 */
public final class BundleSignature {
    /** The signature's file name in a bundle directory or archive. */
    public static final String FILE_NAME = BundleManifest.FILE_NAME + ".sig";
    /** The signature algorithm: ECDSA over SHA-256, with {@link BundleKeys}' P-256 keys. */
    public static final String ALGORITHM = "SHA256withECDSA";

    private BundleSignature() {
    }

    /** The signature of {@code manifest} by {@code key}. */
    static byte[] sign(byte[] manifest, PrivateKey key) {
        if (!BundleKeys.isP256(key)) {
            throw new IllegalArgumentException("the signing key must be an EC P-256 private key, got "
                    + (key == null ? "null" : key.getAlgorithm()));
        }
        try {
            Signature signer = newSignature();
            signer.initSign(key);
            signer.update(manifest);
            return signer.sign();
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalArgumentException("cannot sign with this " + key.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code signature}, the source's signature file as read (null if it has none), is
     * a signature of {@code manifest}, the manifest bytes about to be used, by one of {@code trusted}.
     *
     * @throws BundleFormatException if there is no signature, or it verifies with none of the keys
     */
    static void check(BundleSource source, byte[] manifest, byte[] signature, List<PublicKey> trusted)
            throws IOException {
        String manifestName = source.describe(BundleManifest.FILE_NAME);
        if (signature == null) {
            throw new BundleFormatException(manifestName + ": not signed (no " + FILE_NAME
                    + "), and this runtime requires a signature by a trusted key");
        }
        boolean wellFormed = false;
        for (PublicKey key : trusted) {
            try {
                if (verifies(manifest, signature, key)) {
                    return;
                }
                wellFormed = true;
            } catch (SignatureException e) {
                // Not a DER-encoded ECDSA signature: no key can verify it; said below.
            }
        }
        if (!wellFormed) {
            throw new BundleFormatException(source.describe(FILE_NAME) + ": not a " + ALGORITHM
                    + " signature: it is corrupt, or was not written by ali sign");
        }
        throw new BundleFormatException(manifestName
                + ": signature does not match any trusted key: the bundle was modified or signed by another key");
    }

    private static boolean verifies(byte[] manifest, byte[] signature, PublicKey key) throws SignatureException {
        try {
            Signature verifier = newSignature();
            verifier.initVerify(key);
            verifier.update(manifest);
            return verifier.verify(signature);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("trusted key rejected by " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is required (Java 11+, Android 8+)", e);
        }
    }
}
