package dev.ali4j.runtime.image;

/**
 * An image could not be decoded now because the decode budget ({@link DecodeAdmission}) stayed
 * full for as long as it may wait. Not the image's fault: the same request may succeed later. A
 * server answers it with 503 and {@code Retry-After}.
 */
public final class DecodeBusyException extends ImageFormatException {
    private static final long serialVersionUID = 1L;

    /** @param message names the image and what was busy */
    public DecodeBusyException(String message) {
        super(message, false);
    }
}
