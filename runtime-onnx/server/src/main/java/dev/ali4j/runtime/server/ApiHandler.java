package dev.ali4j.runtime.server;

import dev.ali4j.runtime.image.ImageFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to the API's endpoints, reads bodies within the size limit, turns every
 * failure into a JSON error with a 4xx (the client's fault) or 5xx status, and records metrics.
 * Stack traces go to the server log, never to the client.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final byte[] NO_BODY = new byte[0];
    /** How much of a refused body is read and dropped so that its sender can read the 413. */
    static final long DRAIN_BYTES = 64L << 20;

    /** One endpoint's operation. */
    interface Operation {
        Reply apply(ApiRequest request) throws Exception;
    }

    private record Route(String name, String method, Operation operation) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final ServerMetrics metrics;
    private final long maxBodyBytes;

    ApiHandler(ServerMetrics metrics, long maxBodyBytes) {
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds an endpoint; its name labels its metrics. */
    ApiHandler route(String method, String path, String name, Operation operation) {
        routes.put(path, new Route(name, method, operation));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Route route = path == null ? null : routes.get(path);
        String endpoint = route == null ? "other" : route.name();
        metrics.started();
        Reply reply;
        try {
            reply = answer(route, method, path, request);
        } finally {
            metrics.finished();
        }
        metrics.request(endpoint, reply.status(), System.nanoTime() - start);
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply answer(Route route, String method, String path, Request request) {
        try {
            if (route == null) {
                throw new ApiException(404, "no such endpoint: " + method + " " + path + " (endpoints: " + endpoints()
                        + ")");
            }
            if (!route.method().equals(method)) {
                return Reply.error(405, method + " is not allowed on " + path + "; use " + route.method())
                        .withHeader("Allow", route.method());
            }
            byte[] body = "POST".equals(method) ? body(request) : NO_BODY;
            Map<String, String> query = new HashMap<>();
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValue());
            }
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            return route.operation().apply(new ApiRequest(query, contentType, body, maxBodyBytes));
        } catch (Exception | Error e) {
            return failure(method, path, e);
        }
    }

    /** The answer to a failed request: 4xx for the client's faults, 503 for overload, else 500 (logged). */
    private static Reply failure(String method, String path, Throwable e) {
        if (e instanceof ApiException api) {
            return Reply.error(api.status(), api.getMessage());
        }
        if (e instanceof ImageFormatException image) {
            return Reply.error(image.tooLarge() ? 413 : 400, image.getMessage());
        }
        if (e instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
            // Jetty's own complaint about the request, e.g. a malformed query string.
            String reason = http.getReason();
            return Reply.error(http.getCode(), "malformed request: " + (reason == null || reason.isBlank()
                    ? HttpStatus.getMessage(http.getCode()) : reason));
        }
        if (e instanceof IllegalArgumentException) {
            return Reply.error(400, e.getMessage());
        }
        if (e instanceof ModelBusyException) {
            return Reply.error(503, e.getMessage());
        }
        LOG.error("{} {} failed", method, path, e);
        return Reply.error(500, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
    }

    /**
     * The body, at most {@code maxBodyBytes}: a larger declared or actual length is refused with
     * 413. The rest of a refused body is read and dropped, up to {@link #DRAIN_BYTES}, so that
     * the client, still sending, gets to read the answer (closing a connection with unread
     * input resets it); a client sending more than that finds the connection closed.
     */
    private byte[] body(Request request) {
        long declared = request.getLength();
        byte[] buffer = new byte[16384];
        try (InputStream in = Request.asInputStream(request)) {
            if (declared > maxBodyBytes) {
                if (declared <= DRAIN_BYTES) {
                    drain(in, buffer);
                }
                throw new ApiException(413, "request body is " + declared + " bytes, more than the limit of "
                        + maxBodyBytes);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (out.size() + (long) read > maxBodyBytes) {
                    drain(in, buffer);
                    throw new ApiException(413, "request body is more than the limit of " + maxBodyBytes + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** Reads and drops what is left of a body, up to {@link #DRAIN_BYTES} in all. */
    private static void drain(InputStream in, byte[] buffer) throws IOException {
        long dropped = 0;
        for (int read = in.read(buffer); read >= 0 && dropped < DRAIN_BYTES; read = in.read(buffer)) {
            dropped += read;
        }
    }

    private String endpoints() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getValue().method()).append(' ').append(e.getKey());
        }
        return sb.toString();
    }
}
