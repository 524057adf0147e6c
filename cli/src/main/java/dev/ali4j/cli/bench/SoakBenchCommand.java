package dev.ali4j.cli.bench;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.cli.ServeCommand;
import dev.ali4j.runtime.ProcessMemory;
import dev.ali4j.runtime.server.HostileImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali bench soak}: mixed valid, malformed and oversized traffic against {@code ali serve} for minutes. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Starts ali serve in a JVM of its own (--heap) and sends it mixed traffic from --clients "
                + "clients on loopback for --minutes: valid encode, reconstruct, score and sample requests, "
                + "malformed ones (corrupt images, broken JSON, unknown paths), oversized bodies, 4096x4096 "
                + "images, a 2,000-scan progressive JPEG and a 64-sample TIFF.",
                "Prints the answers by status and the server's resident memory every --report-s seconds, then the "
                        + "totals. A healthy server shows no 5xx but 503 (overload, with Retry-After) and a flat RSS."})
public final class SoakBenchCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle to serve.")
    Path bundle;

    @Option(names = "--minutes", defaultValue = "10", description = "Length of the soak. Default: ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--heap", defaultValue = "1g", description = "The server's -Xmx. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--report-s", defaultValue = "30", description = "Seconds between reports. Default: ${DEFAULT-VALUE}.")
    int reportSeconds;

    /** One kind of request: a name for the report and how to make it. */
    private record Kind(String name, int weight, String path, String contentType, byte[] body) {}

    @Override
    public Integer call() throws Exception {
        if (minutes <= 0 || clients < 1 || reportSeconds < 1) {
            throw new IllegalArgumentException("--minutes must be positive, --clients and --report-s at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        BundleManifest manifest = Bundles.verify(bundle);
        List<Kind> kinds = traffic(manifest);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "-Xmx" + heap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ServeCommand.class.getName(), "--bundle",
                bundle.toString(), "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String uri = RuntimeBenchmark.listeningUri(server);
            out.printf(Locale.ROOT, "Soak: %d clients for %.1f min against %s (-Xmx%s), %s%n", clients, minutes, uri,
                    heap, describe(kinds));
            out.flush();
            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            long end = System.nanoTime() + (long) (minutes * 60e9);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                long seed = c;
                pool.execute(() -> client(uri, kinds, seed, end, answers));
            }
            pool.shutdown();
            long peakRss = 0;
            long start = System.nanoTime();
            while (!pool.awaitTermination(reportSeconds, TimeUnit.SECONDS)) {
                long rss = mib(ProcessMemory.rssBytes(server.pid()));
                peakRss = Math.max(peakRss, rss);
                out.printf(Locale.ROOT, "t=%4.0fs  %s  RSS %d MiB%n", (System.nanoTime() - start) / 1e9,
                        counts(answers), rss);
                out.flush();
            }
            long hwm = mib(ProcessMemory.peakRssBytes(server.pid()));
            long total = answers.values().stream().mapToLong(LongAdder::sum).sum();
            long serverErrors = answers.entrySet().stream().filter(e -> e.getKey().startsWith("5")
                    && !e.getKey().equals("503")).mapToLong(e -> e.getValue().sum()).sum();
            out.printf(Locale.ROOT, "Total %d answers in %.1f min: %s; server errors (5xx but 503): %d; peak RSS %d MiB"
                    + "%n", total, minutes, counts(answers), serverErrors, Math.max(hwm, peakRss));
            return 0;
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** One client: weighted random requests until the end, each answer counted by status (or "io" for no answer). */
    private static void client(String uri, List<Kind> kinds, long seed, long end, Map<String, LongAdder> answers) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Random random = new Random(seed);
        int totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
        while (System.nanoTime() < end) {
            int pick = random.nextInt(totalWeight);
            Kind kind = kinds.get(0);
            for (Kind k : kinds) {
                pick -= k.weight();
                if (pick < 0) {
                    kind = k;
                    break;
                }
            }
            String status;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri + kind.path()))
                        .timeout(Duration.ofSeconds(60));
                if (kind.body() == null) {
                    request.GET();
                } else {
                    request.header("Content-Type", kind.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(kind.body()));
                }
                status = Integer.toString(http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());
            } catch (IOException e) {
                status = "io"; // e.g. the connection closed on an oversized body before its answer was read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    /** The mix, by weight: mostly valid requests, a fifth malformed, a tenth oversized or hostile. */
    private static List<Kind> traffic(BundleManifest manifest) throws IOException {
        byte[] png = png(manifest.image().width(), manifest.image().height());
        byte[] corrupt = png.clone();
        for (int i = 40; i < corrupt.length - 12; i++) {
            corrupt[i] ^= 0x5a;
        }
        String json = "application/json";
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("reconstruct", 20, "/v1/reconstruct", "image/png", png));
        kinds.add(new Kind("encode", 10, "/v1/encode", "image/png", png));
        kinds.add(new Kind("score", 10, "/v1/score", "image/png", png));
        kinds.add(new Kind("sample", 5, "/v1/sample?n=4", "application/x-www-form-urlencoded", new byte[0]));
        kinds.add(new Kind("healthz", 5, "/healthz", null, null));
        kinds.add(new Kind("corrupt image", 8, "/v1/reconstruct", "image/png", corrupt));
        kinds.add(new Kind("broken JSON", 6, "/v1/decode", json, "{\"z\": [1, 2".getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("unknown path", 4, "/v1/nothing", json, "{}".getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("9 MiB body", 2, "/v1/reconstruct", "image/png", new byte[9 << 20]));
        kinds.add(new Kind("4096x4096 PNG", 2, "/v1/reconstruct", "image/png", HostileImages.largeFlatPng(4096)));
        kinds.add(new Kind("2,000-scan JPEG", 1, "/v1/reconstruct", "image/jpeg",
                HostileImages.progressiveScanBomb(4096, 2000)));
        kinds.add(new Kind("64-sample TIFF", 1, "/v1/reconstruct", "image/tiff",
                HostileImages.samplesPerPixelBomb(4096, 64)));
        return kinds;
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 9 + y * 5) & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String describe(List<Kind> kinds) {
        int total = kinds.stream().mapToInt(Kind::weight).sum();
        StringBuilder s = new StringBuilder("mix:");
        for (Kind k : kinds) {
            s.append(String.format(Locale.ROOT, " %s %d%%,", k.name(), Math.round(100.0 * k.weight() / total)));
        }
        return s.substring(0, s.length() - 1);
    }

    private static String counts(Map<String, LongAdder> answers) {
        Map<String, Long> sorted = new TreeMap<>();
        answers.forEach((status, n) -> sorted.put(status, n.sum()));
        return sorted.toString();
    }

    /** @return bytes in MiB, or -1 where the memory could not be read */
    private static long mib(OptionalLong bytes) {
        return bytes.isPresent() ? bytes.getAsLong() >> 20 : -1;
    }
}
