package dev.ali4j.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * PEM, the text form of keys ({@code -----BEGIN PUBLIC KEY-----}, Base64 of DER,
 * {@code -----END PUBLIC KEY-----}), as OpenSSL writes and reads it.
 */
final class Pem {
    /** OpenSSL's line length. */
    private static final int LINE = 64;
    private static final String DASHES = "-----";

    private Pem() {
    }

    /** A PEM block of {@code der}, Base64 in 64-character lines. */
    static String encode(String label, byte[] der) {
        Base64.Encoder base64 = Base64.getMimeEncoder(LINE, "\n".getBytes(StandardCharsets.US_ASCII));
        return begin(label) + "\n" + base64.encodeToString(der) + "\n" + end(label) + "\n";
    }

    /**
     * @param text a PEM file's content
     * @param label the block wanted, e.g. {@code PUBLIC KEY}
     * @param source the file, for messages
     * @return the DER bytes of the block
     * @throws IOException naming the file and what it holds instead
     */
    static byte[] decode(String text, String label, String source) throws IOException {
        int begin = text.indexOf(begin(label));
        int end = text.indexOf(end(label));
        if (begin < 0 || end < begin) {
            throw new IOException(source + ": expected a PEM " + label.toLowerCase(Locale.ROOT) + " ("
                    + begin(label) + "), found " + found(text));
        }
        try {
            // The MIME decoder skips the line breaks (and any other character outside Base64).
            return Base64.getMimeDecoder().decode(text.substring(begin + begin(label).length(), end));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": the " + label.toLowerCase(Locale.ROOT)
                    + " is not valid Base64: " + e.getMessage(), e);
        }
    }

    /** What a file holds instead of the block wanted: another block's first line, or no PEM at all. */
    private static String found(String text) {
        int begin = text.indexOf(DASHES + "BEGIN ");
        if (begin < 0) {
            return "no PEM block";
        }
        int end = text.indexOf(DASHES, begin + DASHES.length());
        return end < 0 ? "no PEM block" : text.substring(begin, end + DASHES.length());
    }

    private static String begin(String label) {
        return DASHES + "BEGIN " + label + DASHES;
    }

    private static String end(String label) {
        return DASHES + "END " + label + DASHES;
    }
}
