package dev.ali4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 checksums as lowercase hexadecimal, the form used in a bundle manifest's
 * {@code "files"} map.
 *
 * <pre>{@code
 * String hex = Checksums.sha256(Path.of("bundle/encoder.onnx")); // "3fa2..." (64 characters)
 * }</pre>
 */
public final class Checksums {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Checksums() {
    }

    /**
     * @param file a regular file, read as a stream (it may be larger than memory)
     * @return the SHA-256 of the file's bytes, 64 lowercase hex characters
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
        return hex(digest.digest());
    }

    /**
     * @param bytes any bytes
     * @return their SHA-256, 64 lowercase hex characters
     */
    public static String sha256(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
