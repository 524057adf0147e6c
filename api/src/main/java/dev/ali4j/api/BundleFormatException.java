package dev.ali4j.api;

import java.io.IOException;

/**
 * A model bundle, or its {@code manifest.json}, is not what this version of ali4j can load: the
 * manifest is not JSON, names another format or a newer format version, lacks a required field,
 * or a file is missing or does not match its checksum. The message names the file and says what
 * is wrong, in one line fit for a command line.
 *
 * <pre>{@code
 * try {
 *     Bundles.verify(dir);
 * } catch (BundleFormatException e) {
 *     System.err.println(e.getMessage()); // "encoder.onnx: missing"
 * }
 * }</pre>
 */
public class BundleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, starting with the file it is about */
    public BundleFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, starting with the file it is about
     * @param cause the underlying failure
     */
    public BundleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
