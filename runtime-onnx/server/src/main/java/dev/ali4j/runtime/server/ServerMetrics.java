package dev.ali4j.runtime.server;

import dev.ali4j.runtime.ProcessMemory;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * The server's metrics, in a registry of their own, written in the Prometheus text format
 * (version 0.0.4) by the Prometheus Java client:
 *
 * <ul>
 *   <li>{@code ali4j_http_requests_total{endpoint, status}}: answered requests;</li>
 *   <li>{@code ali4j_http_errors_total{endpoint, status}}: those answered with 4xx or 5xx;</li>
 *   <li>{@code ali4j_http_request_duration_seconds{endpoint}}: latency histogram;</li>
 *   <li>{@code ali4j_batch_size{network}}: rows per network call (1 for every call without batching);</li>
 *   <li>{@code ali4j_requests_in_flight}, {@code ali4j_batch_queue_length};</li>
 *   <li>{@code ali4j_decodes_abandoned_total{reason}}: decodes stopped at the deadline
 *       ({@code deadline}) or because the client hung up ({@code client});</li>
 *   <li>{@code ali4j_model_load_seconds}: how long loading the bundle took;</li>
 *   <li>{@code ali4j_process_peak_resident_memory_bytes}: the process's peak RSS ({@code VmHWM}
 *       of {@code /proc/self/status}; absent where there is no such file).</li>
 * </ul>
 * Endpoint labels are the API's endpoint names, {@code other} for any other path, so that no
 * request can add label values.
 */
public final class ServerMetrics {
    /** Content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Histogram batchSizes;
    private final Gauge inFlight;
    private final Counter abandoned;
    private final Gauge loadSeconds;
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

    private volatile IntSupplier queued = () -> 0;

    /** Creates the metrics in a registry of their own. */
    public ServerMetrics() {
        requests = Counter.builder().name("ali4j_http_requests_total").help("HTTP requests answered")
                .labelNames("endpoint", "status").register(registry);
        errors = Counter.builder().name("ali4j_http_errors_total").help("HTTP requests answered with 4xx or 5xx")
                .labelNames("endpoint", "status").register(registry);
        latency = Histogram.builder().name("ali4j_http_request_duration_seconds")
                .help("Time from request to response, per endpoint").labelNames("endpoint").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        batchSizes = Histogram.builder().name("ali4j_batch_size").help("Images or codes per network call")
                .labelNames("network").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        abandoned = Counter.builder().name("ali4j_decodes_abandoned_total")
                .help("Image decodes stopped before their end: past the decode deadline, or the client hung up")
                .labelNames("reason").register(registry);
        abandoned.initLabelValues("deadline");
        abandoned.initLabelValues("client");
        inFlight = Gauge.builder().name("ali4j_requests_in_flight").help("Requests being served")
                .register(registry);
        loadSeconds = Gauge.builder().name("ali4j_model_load_seconds")
                .help("Time to load and verify the bundle, in seconds").register(registry);
        GaugeWithCallback.builder().name("ali4j_batch_queue_length").help("Network calls waiting for a batch")
                .callback(cb -> cb.call(queued.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("ali4j_process_peak_resident_memory_bytes")
                .help("Peak resident set size of this process (VmHWM), in bytes")
                .callback(cb -> ProcessMemory.peakRssBytes().ifPresent(bytes -> cb.call(bytes))).register(registry);
    }

    /** @param queue reports calls waiting for a batch */
    void watchQueue(IntSupplier queue) {
        this.queued = queue;
    }

    /** Records an answered request. */
    void request(String endpoint, int status, long nanos) {
        String code = Integer.toString(status);
        requests.labelValues(endpoint, code).inc();
        if (status >= 400) {
            errors.labelValues(endpoint, code).inc();
        }
        latency.labelValues(endpoint).observe(nanos / 1e9);
    }

    /** Records one network call of {@code rows} images or codes. */
    public void batch(String network, int rows) {
        batchSizes.labelValues(network).observe(rows);
    }

    /** @param clientGone whether the client hung up (else the decode deadline passed) */
    void decodeAbandoned(boolean clientGone) {
        abandoned.labelValues(clientGone ? "client" : "deadline").inc();
    }

    void started() {
        inFlight.inc();
    }

    void finished() {
        inFlight.dec();
    }

    /** @param seconds how long loading the bundle took */
    public void modelLoaded(double seconds) {
        loadSeconds.set(seconds);
    }

    /** @return every metric in the Prometheus text format */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
