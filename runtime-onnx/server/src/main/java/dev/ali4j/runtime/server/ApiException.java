package dev.ali4j.runtime.server;

/**
 * A request the server refuses, with the HTTP status to answer and a message naming the fault;
 * it becomes the JSON body {@code {"error": message}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
