package dev.ali4j.runtime.server;

import dev.ali4j.runtime.image.ImageOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AliServer} listens, batches and limits requests. The defaults are safe for a
 * server that nobody has configured: loopback only, bounded bodies, images, waits and threads.
 *
 * @param host address to bind; {@value #DEFAULT_HOST} (this machine only) unless told otherwise
 * @param port TCP port; 0 picks a free one
 * @param batching whether concurrent calls are merged into batched network calls
 * @param maxBatch images or codes per network call at most, with batching
 * @param maxWait how long a call waits for others to join its batch
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param images pixel limit (larger images get 413 before they are decoded) and resize policy
 * @param requestTimeout how long a request may wait for the model; then 503
 * @param idleTimeout how long a connection may stay silent, mid-request or between requests
 * @param shutdownTimeout how long a graceful stop waits for requests in flight
 * @param maxThreads worker threads at most (each request holds one while it decodes and waits for
 *     the model); Jetty's own threads, for connections and the GET endpoints, are as many again
 * @param bodyTimeout how long a request body may take to arrive, whole; then 408
 * @param maxConnections open connections at most; further ones wait in the accept queue
 * @param maxQueued requests waiting for a worker at most; further ones get 503
 */
public record ServerConfig(String host, int port, boolean batching, int maxBatch, Duration maxWait, long maxBodyBytes,
        ImageOptions images, Duration requestTimeout, Duration idleTimeout, Duration shutdownTimeout, int maxThreads,
        Duration bodyTimeout, int maxConnections, int maxQueued) {
    /** Loopback: the server is reachable from this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default largest body: 8 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;
    /** Default rows per batched model call. */
    public static final int DEFAULT_MAX_BATCH = 64;
    /** Default wait for more rows before a batch runs, in ms. */
    public static final int DEFAULT_MAX_WAIT_MS = 1;
    /** Default time limit of a request, of an idle connection, and of a graceful stop, in s. */
    public static final int DEFAULT_TIMEOUT_S = 30;
    /** Default request threads at most. */
    public static final int DEFAULT_MAX_THREADS = 64;
    /** Default time for a whole request body to arrive, in s. */
    public static final int DEFAULT_BODY_TIMEOUT_S = 10;
    /** Default open connections at most. */
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    /** Default requests waiting for a worker at most. */
    public static final int DEFAULT_MAX_QUEUED = 256;

    /** Checks every value. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(images, "images");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max body size must be 1 byte to 2 GiB, got " + maxBodyBytes);
        }
        if (maxThreads < 8) {
            throw new IllegalArgumentException("max threads must be at least 8, got " + maxThreads);
        }
        if (maxConnections < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("max connections and queued requests must be at least 1, got "
                    + maxConnections + " and " + maxQueued);
        }
        for (Duration d : new Duration[] {maxWait, requestTimeout, idleTimeout, shutdownTimeout, bodyTimeout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative or missing, got " + d);
            }
        }
    }

    /**
     * @return 127.0.0.1:8080, batching on (64 rows, 1 ms), 8 MiB bodies arriving within 10 s,
     *     {@link ImageOptions#defaults()} (the server adds its decode admission), 30 s per request,
     *     30 s idle connections, 30 s to finish requests on shutdown, 64 workers, 512 connections,
     *     256 queued requests
     */
    public static ServerConfig defaults() {
        Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_S);
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, true, DEFAULT_MAX_BATCH, Duration.ofMillis(DEFAULT_MAX_WAIT_MS),
                DEFAULT_MAX_BODY_BYTES, ImageOptions.defaults(), timeout, timeout, timeout, DEFAULT_MAX_THREADS,
                Duration.ofSeconds(DEFAULT_BODY_TIMEOUT_S), DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_QUEUED);
    }

    /** @return a copy listening on {@code host:port} */
    public ServerConfig withAddress(String newHost, int newPort) {
        return new ServerConfig(newHost, newPort, batching, maxBatch, maxWait, maxBodyBytes, images, requestTimeout,
                idleTimeout, shutdownTimeout, maxThreads, bodyTimeout, maxConnections, maxQueued);
    }

    /** @return a copy with batching on or off, up to {@code rows} per call, waiting at most {@code wait} */
    public ServerConfig withBatching(boolean on, int rows, Duration wait) {
        return new ServerConfig(host, port, on, rows, wait, maxBodyBytes, images, requestTimeout, idleTimeout,
                shutdownTimeout, maxThreads, bodyTimeout, maxConnections, maxQueued);
    }

    /** @return a copy with these body and image limits */
    public ServerConfig withLimits(long bodyBytes, ImageOptions imageOptions) {
        return new ServerConfig(host, port, batching, maxBatch, maxWait, bodyBytes, imageOptions, requestTimeout,
                idleTimeout, shutdownTimeout, maxThreads, bodyTimeout, maxConnections, maxQueued);
    }

    /** @return a copy with these time limits */
    public ServerConfig withTimeouts(Duration request, Duration idle, Duration shutdown) {
        return new ServerConfig(host, port, batching, maxBatch, maxWait, maxBodyBytes, images, request, idle, shutdown,
                maxThreads, bodyTimeout, maxConnections, maxQueued);
    }

    /** @return a copy with at most {@code threads} request threads */
    public ServerConfig withMaxThreads(int threads) {
        return new ServerConfig(host, port, batching, maxBatch, maxWait, maxBodyBytes, images, requestTimeout,
                idleTimeout, shutdownTimeout, threads, bodyTimeout, maxConnections, maxQueued);
    }

    /** @return a copy where a whole body must arrive within {@code timeout} */
    public ServerConfig withBodyTimeout(Duration timeout) {
        return new ServerConfig(host, port, batching, maxBatch, maxWait, maxBodyBytes, images, requestTimeout,
                idleTimeout, shutdownTimeout, maxThreads, timeout, maxConnections, maxQueued);
    }

    /** @return a copy with at most {@code connections} open connections and {@code queued} waiting requests */
    public ServerConfig withCapacity(int connections, int queued) {
        return new ServerConfig(host, port, batching, maxBatch, maxWait, maxBodyBytes, images, requestTimeout,
                idleTimeout, shutdownTimeout, maxThreads, bodyTimeout, connections, queued);
    }
}
