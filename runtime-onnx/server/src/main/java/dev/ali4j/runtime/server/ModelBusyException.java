package dev.ali4j.runtime.server;

/**
 * A call could not be served in time or at all: its batch did not come back within the request
 * time limit, or the server is shutting down. The server answers it with 503; the client may
 * retry later.
 */
public final class ModelBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was waited for and how long */
    public ModelBusyException(String message) {
        super(message);
    }
}
