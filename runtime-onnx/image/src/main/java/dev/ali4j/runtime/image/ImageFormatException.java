package dev.ali4j.runtime.image;

import java.io.IOException;

/**
 * The bytes given as an image are not one this program accepts: not an image, corrupt or cut
 * short, of an unsupported format, too many pixels, or of another size when resizing is off.
 * The message names the source and the fault. A caller serving requests answers it as a client
 * error; other {@link IOException}s are failures to read.
 */
public class ImageFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean tooLarge;

    /**
     * @param message names the source and the fault
     * @param tooLarge whether the fault is the image's size (more pixels than allowed)
     */
    public ImageFormatException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    /**
     * @param message names the source and the fault
     * @param cause the decoder's exception
     */
    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
        this.tooLarge = false;
    }

    /** @return true if the image was refused for its pixel count, before it was decoded */
    public boolean tooLarge() {
        return tooLarge;
    }
}
