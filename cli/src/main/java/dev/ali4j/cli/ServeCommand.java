package dev.ali4j.cli;

import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.DecodeAdmission;
import dev.ali4j.runtime.image.ImageOptions;
import dev.ali4j.runtime.server.AliServer;
import dev.ali4j.runtime.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ali serve}: serves a bundle over HTTP until stopped (Ctrl-C or SIGTERM), then finishes
 * the requests in flight before exiting. See {@link AliServer} for the endpoints.
 *
 * <pre>{@code
 * ali serve --bundle demo-out/bundle --port 8080
 * curl --data-binary @shirt.png http://127.0.0.1:8080/v1/reconstruct -o shirt-reconstruction.png
 * }</pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves a bundle over HTTP: POST /v1/encode, /v1/reconstruct, /v1/score, /v1/inpaint, /v1/decode,",
            "/v1/sample, /v1/interpolate; GET (and HEAD) /v1/model, /healthz, /metrics (Prometheus). Concurrent",
            "requests are merged into batched network calls. Binds 127.0.0.1 unless --host says otherwise; every",
            "limit below has a safe default (docs/SERVER.md, threat model). Ctrl-C stops after the requests in",
            "flight have been answered."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_BATCH,
            description = "Most images or codes per batched network call (default: ${DEFAULT-VALUE}).")
    private int maxBatch;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "" + ServerConfig.DEFAULT_MAX_WAIT_MS,
            description = "How long a call waits for others to join its batch (default: ${DEFAULT-VALUE}).")
    private long maxWaitMs;

    @Option(names = "--no-batching", description = "Run every request's network calls on their own.")
    private boolean noBatching;

    @Option(names = "--max-body-bytes", paramLabel = "B", defaultValue = "" + ServerConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    private long maxBodyBytes;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + ImageOptions.DEFAULT_MAX_PIXELS,
            description = "Most pixels an uploaded image may declare; checked before decoding (default: "
                    + "${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--resize", paramLabel = "cover|reject", defaultValue = "cover",
            description = "Images of another size than the bundle's: cover (scale to cover, crop the centre) or "
                    + "reject (400) (default: ${DEFAULT-VALUE}).")
    private String resize;

    @Option(names = "--request-timeout-s", paramLabel = "S", defaultValue = "" + ServerConfig.DEFAULT_TIMEOUT_S,
            description = "How long a request may wait for the model before 503 (default: ${DEFAULT-VALUE}).")
    private long requestTimeoutS;

    @Option(names = "--shutdown-timeout-s", paramLabel = "S", defaultValue = "" + ServerConfig.DEFAULT_TIMEOUT_S,
            description = "How long stopping waits for requests in flight (default: ${DEFAULT-VALUE}).")
    private long shutdownTimeoutS;

    @Option(names = "--spin", description = "Let ONNX Runtime's idle threads spin between calls (by default they "
            + "sleep: spinning threads of the encoder's and the generator's pools take each other's cores, and the "
            + "request threads').")
    private boolean spin;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_THREADS,
            description = "Worker threads at most: requests decoding or waiting for the model (default: "
                    + "${DEFAULT-VALUE}).")
    private int maxThreads;

    @Option(names = "--max-queued", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_QUEUED,
            description = "Requests waiting for a worker at most; more get 503 (default: ${DEFAULT-VALUE}).")
    private int maxQueued;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Open connections at most; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--body-timeout-s", paramLabel = "S", defaultValue = "" + ServerConfig.DEFAULT_BODY_TIMEOUT_S,
            description = "How long a whole request body may take to arrive; then 408 (default: ${DEFAULT-VALUE}).")
    private long bodyTimeoutS;

    @Option(names = "--decode-timeout-s", paramLabel = "S", defaultValue = "" + ImageOptions.DEFAULT_DECODE_TIMEOUT_S,
            description = "How long decoding one image may take; then 413 (default: ${DEFAULT-VALUE}).")
    private long decodeTimeoutS;

    @Option(names = "--decode-budget-mib", paramLabel = "MIB",
            description = "Memory all image decodes together may use; a decode that does not fit waits up to 2 s, "
                    + "then gets 503 (default: half the heap).")
    private Long decodeBudgetMib;

    /** Runs {@code serve} on its own, without the rest of the ali command line. */
    public static void main(String[] args) {
        System.exit(Cli.commandLine(new ServeCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ServerConfig config = config();
        long start = System.nanoTime();
        OnnxLatentModel model = bundle.load(spin);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        AliServer server;
        try {
            server = AliServer.start(model, config);
        } catch (Exception e) {
            model.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + Cli.describe(e), e);
        }
        server.metrics().modelLoaded(loadSeconds);
        out.printf(Locale.ROOT, "ali serve: %s loaded in %.2f s (%s, %s); listening on %s%n", bundle.bundle(),
                loadSeconds, model.executionProvider(), config.batching() ? "batching up to " + config.maxBatch()
                        + " per call, waiting at most " + config.maxWait().toMillis() + " ms" : "no batching",
                server.uri());
        out.flush();
        AliServer running = server;
        Thread stopper = new Thread(() -> {
            out.println("ali serve: stopping, finishing requests in flight");
            out.flush();
            running.close();
            model.close();
        }, "ali4j-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private ServerConfig config() {
        ImageOptions.Resize policy;
        switch (resize.toLowerCase(Locale.ROOT)) {
            case "cover":
                policy = ImageOptions.Resize.COVER_AND_CROP;
                break;
            case "reject":
                policy = ImageOptions.Resize.REJECT;
                break;
            default:
                throw new IllegalArgumentException("--resize must be cover or reject, got '" + resize + "'");
        }
        if (maxWaitMs < 0 || requestTimeoutS < 1 || shutdownTimeoutS < 0 || maxPixels < 1 || bodyTimeoutS < 1
                || decodeTimeoutS < 1) {
            throw new IllegalArgumentException("--max-wait-ms and --shutdown-timeout-s must be 0 or more, "
                    + "--request-timeout-s, --body-timeout-s, --decode-timeout-s and --max-pixels 1 or more");
        }
        ImageOptions images = ImageOptions.defaults().withMaxPixels(maxPixels).withResize(policy)
                .withDecodeTimeout(Duration.ofSeconds(decodeTimeoutS));
        if (decodeBudgetMib != null) {
            images = images.withAdmission(new DecodeAdmission(decodeBudgetMib << 20,
                    Math.max(2, Runtime.getRuntime().availableProcessors()), DecodeAdmission.DEFAULT_MAX_WAIT));
        }
        ServerConfig defaults = ServerConfig.defaults();
        return defaults.withAddress(host, port)
                .withBatching(!noBatching, maxBatch, Duration.ofMillis(maxWaitMs))
                .withLimits(maxBodyBytes, images)
                .withTimeouts(Duration.ofSeconds(requestTimeoutS), defaults.idleTimeout(),
                        Duration.ofSeconds(shutdownTimeoutS))
                .withMaxThreads(maxThreads)
                .withBodyTimeout(Duration.ofSeconds(bodyTimeoutS))
                .withCapacity(maxConnections, maxQueued);
    }
}
