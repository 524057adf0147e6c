package dev.ali4j.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import dev.ali4j.cli.ServeCommand;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.trainer.arch.LatentNetworks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's measurements, all on one bundle: reconstruct latency (batch 1) and throughput
 * (batch 64) in ONNX Runtime and in DJL's PyTorch engine running the same E and G (the
 * checkpoint the bundle was exported from), and an {@code ali serve} process under concurrent
 * clients with micro-batching on and off, with its model load time and peak RSS.
 *
 * <p>Inputs are random images in the model's pixel range, made before timing; both engines
 * take a float array and give one back, so the copies in and out are timed on both sides.
 */
public final class RuntimeBenchmark {
    private RuntimeBenchmark() {
    }

    /** Latency and throughput of one engine. */
    public record Engine(double latencyMillisP50, double imagesPerSecond) {
    }

    /**
     * The server under load. {@code cpuSeconds} is the CPU time the serving process used while
     * measured; {@code requestsPerCpuSecond} does not depend on how much of a shared machine the
     * process got, which requests per second do.
     */
    public record Serving(boolean batching, int clients, double seconds, long requests, long errors,
            double requestsPerSecond, double p50Millis, double p99Millis, double imagesPerCall, double cpuSeconds,
            double requestsPerCpuSecond, double loadSeconds, long peakRssBytes) {
    }

    /**
     * Times {@code reconstruct} at batch 1 (median of {@code calls}) and at {@code batch}
     * (images per second over {@code seconds}).
     */
    static Engine time(Reconstruct engine, ImageSpec spec, int batch, int calls, double seconds, long seed) {
        float[] one = random(1, spec, seed);
        float[] many = random(batch, spec, seed + 1);
        for (int i = 0; i < Math.max(10, calls / 10); i++) {
            engine.run(one, 1);
        }
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            engine.run(one, 1);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        for (int i = 0; i < 3; i++) {
            engine.run(many, batch);
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long images = 0;
        do { // at least once: a pause as long as the window must not leave it empty
            engine.run(many, batch);
            images += batch;
        } while (System.nanoTime() < end);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Engine(millis[calls / 2], images / elapsed);
    }

    /**
     * CPU time per image of {@code reconstruct} at a batch size, from this process's CPU time
     * over {@code seconds} of back-to-back calls: unlike wall time, it hardly depends on how much
     * of a shared machine the process gets. Meant for a model whose threads sleep between calls
     * (spinning threads would count their spinning).
     */
    static double cpuMillisPerImage(Reconstruct engine, ImageSpec spec, int batch, double seconds) {
        float[] x = random(batch, spec, 11);
        engine.run(x, batch);
        double before = processCpuMillis();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long images = 0;
        while (System.nanoTime() < end) {
            engine.run(x, batch);
            images += batch;
        }
        return (processCpuMillis() - before) / images;
    }

    private static double processCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    /** x (n images, NCHW floats) to G(mu(x)) as floats. */
    @FunctionalInterface
    interface Reconstruct {
        float[] run(float[] images, int n);
    }

    /** ONNX Runtime through the library. */
    static Reconstruct onnx(OnnxLatentModel model) {
        ImageSpec spec = model.manifest().image();
        return (x, n) -> model.reconstruct(new ImageTensor(x, n, spec.channels(), spec.height(), spec.width())).data();
    }

    /** DJL's PyTorch engine running the checkpoint's networks: E then G on the mean code. */
    static Reconstruct djl(LatentNetworks networks, NDManager manager, ImageSpec spec) {
        return (x, n) -> {
            try (NDManager step = manager.newSubManager()) {
                NDArray images = step.create(x, new Shape(n, spec.channels(), spec.height(), spec.width()));
                NDList codes = networks.encode(images, false);
                return networks.generate(codes.get(0), false).toFloatArray();
            }
        };
    }

    /** @return the largest absolute difference between the two engines' reconstructions of the same images */
    static double maxDifference(Reconstruct a, Reconstruct b, ImageSpec spec, long seed) {
        float[] x = random(8, spec, seed);
        float[] ya = a.run(x, 8);
        float[] yb = b.run(x, 8);
        double worst = 0;
        for (int i = 0; i < ya.length; i++) {
            worst = Math.max(worst, Math.abs(ya[i] - yb[i]));
        }
        return worst;
    }

    private static float[] random(int n, ImageSpec spec, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * spec.imageSize()];
        float range = spec.pixelMax() - spec.pixelMin();
        for (int i = 0; i < x.length; i++) {
            x[i] = spec.pixelMin() + range * random.nextFloat();
        }
        return x;
    }

    /**
     * Starts {@code ali serve} as a process of its own (same Java, same class path), loads it
     * with {@code clients} concurrent clients posting a PNG to /v1/reconstruct for
     * {@code warmup + seconds}, reads its metrics, and stops it.
     */
    static Serving serve(Path bundle, boolean batching, int threads, ExecutionProvider provider, List<String> extra,
            int clients, double warmup, double seconds, byte[] png) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ServeCommand.class.getName(), "--bundle", bundle.toString(), "--port", "0",
                "--threads", Integer.toString(threads), "--provider", provider.toString()));
        if (!batching) {
            command.add("--no-batching");
        }
        command.addAll(extra);
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String uri = listeningUri(server);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Supplier<HttpRequest> request = () -> HttpRequest.newBuilder(URI.create(uri + "/v1/reconstruct"))
                    .header("Content-Type", "image/png").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
            load(http, request, clients, warmup, new ArrayList<>(), new AtomicLong());
            String before = metrics(http, uri);
            List<double[]> latencies = new ArrayList<>();
            AtomicLong errors = new AtomicLong();
            double cpuBefore = cpuSeconds(server);
            long start = System.nanoTime();
            load(http, request, clients, seconds, latencies, errors);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds(server) - cpuBefore;
            String after = metrics(http, uri);
            double[] all = latencies.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
            double calls = value(after, "ali4j_batch_size_count\\{network=\"encoder\"\\}")
                    - value(before, "ali4j_batch_size_count\\{network=\"encoder\"\\}");
            double rows = value(after, "ali4j_batch_size_sum\\{network=\"encoder\"\\}")
                    - value(before, "ali4j_batch_size_sum\\{network=\"encoder\"\\}");
            return new Serving(batching, clients, elapsed, all.length, errors.get(), all.length / elapsed,
                    percentile(all, 0.50), percentile(all, 0.99), calls > 0 ? rows / calls : 0, cpu, all.length / cpu,
                    value(after, "ali4j_model_load_seconds"),
                    (long) value(after, "ali4j_process_peak_resident_memory_bytes"));
        } finally {
            server.destroy(); // SIGTERM: a graceful stop
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * Rounds of one mode together: requests and CPU seconds summed, p50, p99 and images per call
     * averaged over the rounds, load time of the first, the largest peak RSS.
     */
    static Serving combine(List<Serving> rounds) {
        double seconds = 0;
        double cpu = 0;
        long requests = 0;
        long errors = 0;
        double p50 = 0;
        double p99 = 0;
        double perCall = 0;
        long rss = 0;
        for (Serving s : rounds) {
            seconds += s.seconds();
            cpu += s.cpuSeconds();
            requests += s.requests();
            errors += s.errors();
            p50 += s.p50Millis() / rounds.size();
            p99 += s.p99Millis() / rounds.size();
            perCall += s.imagesPerCall() / rounds.size();
            rss = Math.max(rss, s.peakRssBytes());
        }
        Serving first = rounds.get(0);
        return new Serving(first.batching(), first.clients(), seconds, requests, errors, requests / seconds, p50, p99,
                perCall, cpu, requests / cpu, first.loadSeconds(), rss);
    }

    private static double cpuSeconds(Process process) {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Reads the server's output up to its "listening on" line; a thread then drains the rest. */
    static String listeningUri(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        String uri = null;
        try {
            String line;
            while (uri == null && (line = out.readLine()) != null) {
                Matcher m = listening.matcher(line);
                uri = m.find() ? m.group(1) : null;
            }
        } finally {
            if (uri == null) {
                out.close();
            }
        }
        if (uri == null) {
            throw new IOException("ali serve exited before it listened (see its messages above)");
        }
        drain(out);
        return uri;
    }

    /** Keeps the server's pipe empty until it exits, so that it never blocks on a full pipe; then closes it. */
    private static void drain(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try (out) {
                out.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the process is gone
            }
        }, "ali4j-bench-drain");
        drain.setDaemon(true);
        drain.start();
    }

    /** {@code clients} threads posting back to back for {@code seconds}; latencies in ms per thread. */
    private static void load(HttpClient http, Supplier<HttpRequest> request, int clients, double seconds,
            List<double[]> latencies, AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<double[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                double[] millis = new double[1024];
                int count = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request.get(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (count == millis.length) {
                        millis = Arrays.copyOf(millis, count * 2);
                    }
                    millis[count++] = (System.nanoTime() - start) / 1e6;
                }
                return Arrays.copyOf(millis, count);
            }));
        }
        pool.shutdown();
        for (Future<double[]> f : results) {
            try {
                latencies.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a benchmark client failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static String metrics(HttpClient http, String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** A PNG of a random image in the model's shape, for the server's clients. */
    static byte[] png(ImageSpec spec, long seed) {
        return ImageFiles.toPng(new ImageTensor(random(1, spec, seed), 1, spec.channels(), spec.height(),
                spec.width()), 0, spec);
    }

    /**
     * Loads the bundle with ONNX Runtime on {@code threads} intra-op threads, spinning or sleeping
     * between calls, on the provider asked for (or the CPU, with a warning, when it is missing).
     */
    static OnnxLatentModel loadOnnx(Path bundle, int threads, boolean spinning, ExecutionProvider provider)
            throws IOException {
        return OnnxLatentModel.load(bundle, RuntimeOptions.builder().intraOpThreads(threads).spinning(spinning)
                .executionProvider(provider).build());
    }

    /** @return the 1-minute load average, or NaN where /proc/loadavg is missing */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
