package dev.ali4j.runtime.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches the API (a malformed request line,
 * headers too large, a request refused during shutdown), as {@code {"error": "..."}} like the
 * API's own: never an HTML page, never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        byte[] body = Reply.error(code, text).body();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Reply.JSON);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON);
        String text = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return ByteBuffer.wrap(Reply.error(status, text).body());
    }
}
