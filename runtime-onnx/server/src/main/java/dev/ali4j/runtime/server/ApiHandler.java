package dev.ali4j.runtime.server;

import dev.ali4j.runtime.image.DecodeBusyException;
import dev.ali4j.runtime.image.DecodeAbandonedException;
import dev.ali4j.runtime.image.ImageFormatException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Routes requests to the API's endpoints and turns every failure into a JSON error with a 4xx
 * (the client's fault) or 5xx status (overload, shutdown, a bug), recording metrics. Stack
 * traces go to the server log, never to the client.
 *
 * <p>Threads: a POST's body is read as it arrives, without holding a thread ({@link BodyReader}),
 * and its operation then runs on the worker pool, whose bounded queue turns overload into 503
 * with {@code Retry-After}. GET endpoints (health, metrics, the manifest) answer on Jetty's own
 * threads, so they stay responsive while every worker is busy or clients upload slowly. HEAD is
 * answered for every GET endpoint.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final byte[] NO_BODY = new byte[0];
    /** How much of a refused body is read and dropped so that its sender can read the 413. */
    static final long DRAIN_BYTES = 64L << 20;
    /** Seconds an overloaded server asks clients to wait before retrying. */
    static final String RETRY_AFTER_S = "1";
    /** The status recorded for a request whose client hung up before its answer. */
    static final int CLIENT_CLOSED = 499;

    /** One endpoint's operation. */
    interface Operation {
        Reply apply(ApiRequest request) throws Exception;
    }

    /** What an operation needs of its request besides the body, e.g. a per-request cancellation signal. */
    interface RequestContext {
        ApiRequest create(Request request, Map<String, String> query, String contentType, byte[] body);
    }

    private record Route(String name, String method, Operation operation) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final ExecutorService workers;
    private final RequestContext context;

    ApiHandler(ServerMetrics metrics, ServerConfig config, ExecutorService workers, RequestContext context) {
        this.metrics = metrics;
        this.config = config;
        this.workers = workers;
        this.context = context;
    }

    /** Adds an endpoint; its name labels its metrics. */
    ApiHandler route(String method, String path, String name, Operation operation) {
        routes.put(path, new Route(name, method, operation));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback);
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Route route = path == null ? null : routes.get(path);
        exchange.endpoint = route == null ? "other" : route.name();
        boolean head = "HEAD".equals(method) && route != null && "GET".equals(route.method());
        if (route == null) {
            exchange.reply(Reply.error(404, "no such endpoint: " + method + " " + path + " (endpoints: "
                    + endpoints() + ")"));
        } else if (!route.method().equals(method) && !head) {
            String allowed = "GET".equals(route.method()) ? "GET, HEAD" : route.method();
            exchange.reply(Reply.error(405, method + " is not allowed on " + path + "; use " + route.method())
                    .withHeader("Allow", allowed));
        } else if (!"POST".equals(method)) {
            exchange.reply(run(route, request, NO_BODY));
        } else {
            BodyReader.read(request, config.maxBodyBytes(), config.bodyTimeout().toMillis(),
                    body -> submit(exchange, route, body),
                    refused -> exchange.reply(Reply.error(refused.status(), refused.getMessage())
                            .withHeader("Connection", "close")));
        }
        return true;
    }

    /** Runs the operation on a worker, or answers 503 when the workers' queue is full. */
    private void submit(Exchange exchange, Route route, byte[] body) {
        try {
            workers.execute(() -> exchange.reply(run(route, exchange.request, body)));
        } catch (RejectedExecutionException e) {
            exchange.reply(Reply.error(503, "the server is busy: " + config.maxQueued() + " requests are waiting "
                    + "already; retry later").withHeader("Retry-After", RETRY_AFTER_S));
        }
    }

    private Reply run(Route route, Request request, byte[] body) {
        metrics.started();
        try {
            Map<String, String> query = new HashMap<>();
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValue());
            }
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            return route.operation().apply(context.create(request, query, contentType, body));
        } catch (Exception | Error e) {
            if (e instanceof DecodeAbandonedException abandoned) {
                metrics.decodeAbandoned(abandoned.cancelled());
            }
            return failure(request.getMethod(), request.getHttpURI().getPath(), e);
        } finally {
            metrics.finished();
        }
    }

    /** The answer to a failed request: 4xx for the client's faults, 503 for overload, else 500 (logged). */
    private static Reply failure(String method, String path, Throwable e) {
        if (e instanceof ApiException api) {
            return Reply.error(api.status(), api.getMessage());
        }
        if (e instanceof DecodeBusyException busy) {
            return Reply.error(503, busy.getMessage()).withHeader("Retry-After", RETRY_AFTER_S);
        }
        if (e instanceof DecodeAbandonedException abandoned && abandoned.cancelled()) {
            // Nobody reads it: counted as 499, "client closed request", as nginx does.
            return Reply.error(CLIENT_CLOSED, abandoned.getMessage());
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
            return Reply.error(503, e.getMessage()).withHeader("Retry-After", RETRY_AFTER_S);
        }
        if (e instanceof OutOfMemoryError) {
            LOG.warn("{} {}: out of memory; answered 503", method, path);
            return Reply.error(503, "the server is out of memory for this request; retry later")
                    .withHeader("Retry-After", RETRY_AFTER_S);
        }
        LOG.error("{} {} failed", method, path, e);
        return Reply.error(500, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
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

    /** One request and its answer, written once whichever thread finishes it. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final long start = System.nanoTime();
        final AtomicBoolean answered = new AtomicBoolean();
        String endpoint;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void reply(Reply reply) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            metrics.request(endpoint, reply.status(), System.nanoTime() - start);
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            if ("HEAD".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
                response.write(true, null, callback);
            } else {
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
            }
        }
    }
}
