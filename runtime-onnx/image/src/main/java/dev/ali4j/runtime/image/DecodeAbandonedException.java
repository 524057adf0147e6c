package dev.ali4j.runtime.image;

/**
 * A decode stopped before its end: it outlasted {@link ImageOptions#decodeTimeout()} (then
 * {@link #tooLarge()}, as an image too expensive to decode), or the caller's cancellation signal
 * turned true, e.g. because the client hung up (then not the image's fault).
 */
public final class DecodeAbandonedException extends ImageFormatException {
    private static final long serialVersionUID = 1L;
    private final boolean cancelled;

    DecodeAbandonedException(String message, boolean cancelled) {
        super(message, !cancelled);
        this.cancelled = cancelled;
    }

    /** @return true if the caller's signal stopped it, false if the deadline did */
    public boolean cancelled() {
        return cancelled;
    }
}
