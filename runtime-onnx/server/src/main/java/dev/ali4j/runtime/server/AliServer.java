package dev.ali4j.runtime.server;

import dev.ali4j.api.LatentModel;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.DecodeAdmission;
import dev.ali4j.runtime.image.ImageOptions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ali4j's HTTP server: the inference API of one model on Jetty, with dynamic micro-batching,
 * Prometheus metrics and bounded everything (see {@link ServerConfig}).
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>POST /v1/encode</td><td>image -> {@code {"d", "mu", "log_sigma"}} (+ {@code "z"} with {@code sample=true})</td></tr>
 *   <tr><td>POST /v1/reconstruct</td><td>image -> PNG of G(mu(image))</td></tr>
 *   <tr><td>POST /v1/score</td><td>image [+ {@code score}] -> its anomaly scores as JSON</td></tr>
 *   <tr><td>POST /v1/inpaint</td><td>image + mask picture or {@code box=x,y,w,h} [+ {@code rounds}] -> PNG</td></tr>
 *   <tr><td>POST /v1/decode</td><td>{@code {"z": [...]}} -> PNG (a grid for several codes)</td></tr>
 *   <tr><td>POST /v1/sample</td><td>{@code n}, {@code seed} [, {@code columns}] -> PNG grid</td></tr>
 *   <tr><td>POST /v1/interpolate</td><td>images {@code a}, {@code b} or codes {@code za}, {@code zb}; {@code steps}, {@code path} -> PNG row</td></tr>
 *   <tr><td>GET /v1/model</td><td>the bundle's manifest</td></tr>
 *   <tr><td>GET /healthz</td><td>{@code {"status": "ok"}}</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus text format</td></tr>
 * </table>
 *
 * <p>{@link #close()} stops gracefully: the connector stops accepting, requests in flight finish
 * (up to the shutdown timeout; those still running then are interrupted and logged in one line
 * each), then the batchers drain. The model is the caller's: close it after the server.
 *
 * <p>Against hostile clients (docs/SERVER.md has the threat model): bodies are read without
 * holding threads and must arrive whole within {@link ServerConfig#bodyTimeout()}; decoding goes
 * through one {@link DecodeAdmission} (the config's, else half the heap and one decode per
 * core); operations run on a bounded worker pool whose full queue answers 503; connections are
 * limited; the GET endpoints answer on Jetty's threads, apart from all of that.
 *
 * <pre>{@code
 * try (OnnxLatentModel model = OnnxLatentModel.load(bundle);
 *         AliServer server = AliServer.start(model, ServerConfig.defaults())) {
 *     System.out.println("listening on " + server.uri());
 *     server.join();
 * }
 * }</pre>
 */
public final class AliServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AliServer.class);
    private final Server jetty;
    private final int port; // kept: the connector reports -2 once it closes
    private final BatchingLatentModel batching;
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final ThreadPoolExecutor workers;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private AliServer(Server jetty, int port, BatchingLatentModel batching, ServerMetrics metrics,
            ServerConfig config, ThreadPoolExecutor workers) {
        this.workers = workers;
        this.jetty = jetty;
        this.port = port;
        this.batching = batching;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Starts serving {@code model}.
     *
     * @param model the model; stays the caller's to close, after the server
     * @param config address, batching and limits
     * @return the running server
     * @throws Exception if the port cannot be bound or Jetty fails to start
     */
    public static AliServer start(LatentModel model, ServerConfig config) throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        BatchingLatentModel batching = null;
        LatentModel served;
        if (config.batching()) {
            batching = new BatchingLatentModel(model, config.maxBatch(), config.maxWait(), config.requestTimeout(),
                    metrics::batch);
            metrics.watchQueue(batching::queued);
            served = batching;
        } else {
            served = new CountingLatentModel(model, metrics::batch);
        }
        // D is not batched: scores call it directly (ONNX Runtime sessions take concurrent calls).
        AnomalyScorer.Discriminator discriminator = model instanceof OnnxLatentModel onnx && onnx.hasDiscriminator()
                ? onnx::discriminate : null;
        InferenceApi api = new InferenceApi(served, discriminator);
        ImageOptions images = config.images().admission() != null ? config.images()
                : config.images().withAdmission(DecodeAdmission.forThisJvm());
        ThreadPoolExecutor workers = workers(config);
        ApiHandler handler = new ApiHandler(metrics, config, workers, (request, query, contentType, body) -> {
            // The client is gone when Jetty fails the request or closes its connection, or when it
            // has hung up, which Jetty does not notice over HTTP/1.1 (TcpPeerWatch).
            AtomicBoolean failed = new AtomicBoolean();
            request.addFailureListener(failure -> failed.set(true));
            EndPoint client = request.getConnectionMetaData().getConnection().getEndPoint();
            TcpPeerWatch hungUp = new TcpPeerWatch(client.getLocalSocketAddress(), client.getRemoteSocketAddress());
            return new ApiRequest(query, contentType, body, config.maxBodyBytes(),
                    images.withCancellation(() -> failed.get() || !client.isOpen() || hungUp.getAsBoolean()));
        })
                .route("POST", "/v1/encode", "encode", api::encode)
                .route("POST", "/v1/reconstruct", "reconstruct", api::reconstruct)
                .route("POST", "/v1/inpaint", "inpaint", api::inpaint)
                .route("POST", "/v1/score", "score", api::score)
                .route("POST", "/v1/decode", "decode", api::decode)
                .route("POST", "/v1/sample", "sample", api::sample)
                .route("POST", "/v1/interpolate", "interpolate", api::interpolate)
                .route("GET", "/v1/model", "model", api::model)
                .route("GET", "/healthz", "healthz",
                        request -> Reply.json(200, ApiRequest.JSON.createObjectNode().put("status", "ok")))
                .route("GET", "/metrics", "metrics",
                        request -> new Reply(200, ServerMetrics.CONTENT_TYPE, metrics.scrape(), java.util.Map.of()));

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("ali4j-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
        jetty.setHandler(new GracefulHandler(handler));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(config.shutdownTimeout().toMillis());
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            jetty.stop();
            workers.shutdownNow();
            if (batching != null) {
                batching.close();
            }
            throw e;
        }
        return new AliServer(jetty, connector.getLocalPort(), batching, metrics, config, workers);
    }

    /** Worker threads for the operations, with a bounded queue: a full queue is answered 503. */
    private static ThreadPoolExecutor workers(ServerConfig config) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(config.maxThreads(), config.maxThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.maxQueued()), r -> {
                    Thread thread = new Thread(r, "ali4j-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** @return the port listened on (the one picked, if the config said 0), also after {@link #close()} */
    public int port() {
        return port;
    }

    /** @return {@code http://host:port} */
    public String uri() {
        String host = config.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** @return the metrics, e.g. to record the model's load time */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** @return the configuration it runs with */
    public ServerConfig config() {
        return config;
    }

    /** Blocks until {@link #close()} has finished. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully: no new connections or requests, requests in flight finish (at most the
     * shutdown timeout), queued batches run, then the batchers stop. Idempotent.
     */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            if (!timedOut(e)) {
                throw new IllegalStateException("stopping the HTTP server failed: " + e.getMessage(), e);
            }
            // Requests outlasted the graceful stop: stopWorkers cancels them and says so in one line.
        } finally {
            stopWorkers();
            if (batching != null) {
                batching.close();
            }
            stopped.countDown();
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Cancels what still runs after the graceful stop: one log line, no stack trace. */
    private void stopWorkers() {
        int queued = workers.getQueue().size();
        int running = workers.getActiveCount();
        workers.shutdownNow();
        if (queued + running > 0) {
            LOG.warn("stopped with {} request(s) still running and {} queued after the shutdown timeout of {} s: "
                    + "cancelled", running, queued, config.shutdownTimeout().toSeconds());
        }
    }
}
