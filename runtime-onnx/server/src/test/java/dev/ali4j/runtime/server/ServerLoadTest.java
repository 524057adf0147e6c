package dev.ali4j.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageOptions;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 concurrent clients on loopback for 20 s against /v1/reconstruct with micro-batching on:
 * no errors, and every PNG is the library's own reconstruction of the image sent.
 */
class ServerLoadTest {
    private static final int CLIENTS = 16;
    private static final int IMAGES = 16;
    private static final Duration LENGTH = Duration.ofSeconds(20);
    /** Batched and single network calls may differ in the last float bit, hence one grey level. */
    private static final int TOLERANCE = 1;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sixteenClientsForTwentySecondsGetCorrectAnswers() throws Exception {
        try (OnnxLatentModel model = OnnxLatentModel.load(TestBundle.install(tmp.resolve("bundle")));
                AliServer server = AliServer.start(model, ServerConfig.defaults().withAddress("127.0.0.1", 0))) {
            byte[][] bodies = new byte[IMAGES][];
            int[][] expected = new int[IMAGES][];
            for (int i = 0; i < IMAGES; i++) {
                bodies[i] = TestBundle.encode(TestBundle.grey(28, 28, i * 37), "png");
                ImageTensor x = ImageFiles.decode(bodies[i], "x", TestBundle.SPEC, ImageOptions.defaults());
                expected[i] = Http.grey(ImageIO.read(new ByteArrayInputStream(
                        ImageFiles.toPng(model.reconstruct(x), 0, TestBundle.SPEC))));
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long answered = hammer(server, LENGTH, failures, (http, k) -> {
                int image = k % IMAGES;
                HttpResponse<byte[]> response = http.post("/v1/reconstruct", "image/png", bodies[image]);
                if (response.statusCode() != 200) {
                    return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
                }
                int[] got = Http.grey(Http.png(response));
                for (int p = 0; p < got.length; p++) {
                    if (Math.abs(got[p] - expected[image][p]) > TOLERANCE) {
                        return "image " + image + " pixel " + p + ": " + got[p] + " instead of " + expected[image][p];
                    }
                }
                return null;
            });
            assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.peek());
            assertTrue(answered >= CLIENTS * 20L, "only " + answered + " answers in " + LENGTH);

            String metrics = new String(new Http(server.uri()).get("/metrics").body(), StandardCharsets.UTF_8);
            assertEquals(answered, (long) counter(metrics,
                    "ali4j_http_requests_total\\{endpoint=\"reconstruct\",status=\"200\"\\} (\\S+)"));
            double calls = counter(metrics, "ali4j_batch_size_count\\{network=\"encoder\"\\} (\\S+)");
            double rows = counter(metrics, "ali4j_batch_size_sum\\{network=\"encoder\"\\} (\\S+)");
            assertEquals(answered, (long) rows);
            System.out.printf("load test: %d correct answers in %d s (%.0f/s), %.1f images per encoder call%n",
                    answered, LENGTH.toSeconds(), answered / (double) LENGTH.toSeconds(), rows / calls);
            assertTrue(calls < rows, "concurrent requests shared network calls: " + rows + " images in " + calls
                    + " calls");
        }
    }

    /**
     * 16 clients on /v1/score for 10 s, every answer the library's scores of the image sent, within
     * 1e-4 (the CLI, the library and the Android sample's tests compare to the same library call).
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sixteenClientsScoringGetTheLibrarysScores() throws Exception {
        // Calibrated, so that every score is served, the combined one the primary.
        Path bundle = TestBundle.calibrate(TestBundle.install(tmp.resolve("bundle")));
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle);
                AliServer server = AliServer.start(model, ServerConfig.defaults().withAddress("127.0.0.1", 0))) {
            byte[][] bodies = new byte[IMAGES][];
            double[][] expected = new double[IMAGES][];
            AnomalyScorer scorer = new AnomalyScorer(model);
            for (int i = 0; i < IMAGES; i++) {
                bodies[i] = TestBundle.encode(TestBundle.grey(28, 28, i * 37), "png");
                AnomalyScores scores = scorer.score(ImageFiles.decode(bodies[i], "x", TestBundle.SPEC,
                        ImageOptions.defaults()));
                assertEquals(AnomalyScoreKind.values().length, scores.kinds().size(), "every score");
                expected[i] = new double[AnomalyScoreKind.values().length];
                for (AnomalyScoreKind kind : AnomalyScoreKind.values()) {
                    expected[i][kind.ordinal()] = scores.value(kind, 0);
                }
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long answered = hammer(server, Duration.ofSeconds(10), failures, (http, k) -> {
                int image = k % IMAGES;
                HttpResponse<byte[]> response = http.post("/v1/score", "image/png", bodies[image]);
                if (response.statusCode() != 200) {
                    return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
                }
                JsonNode scores = Http.json(response).get("scores");
                for (AnomalyScoreKind kind : AnomalyScoreKind.values()) {
                    double got = scores.get(kind.label()).asDouble();
                    if (Math.abs(got - expected[image][kind.ordinal()]) > 1e-4) {
                        return "image " + image + " " + kind.label() + ": " + got + " instead of "
                                + expected[image][kind.ordinal()];
                    }
                }
                return null;
            });
            assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.peek());
            assertTrue(answered >= CLIENTS * 10L, "only " + answered + " answers");
            System.out.printf("score load test: %d correct answers in 10 s, 0 errors%n", answered);
        }
    }

    /** One request of a client: null when the answer is right, else what was wrong. */
    private interface Request {
        String send(Http http, int k) throws Exception;
    }

    /** {@link #CLIENTS} clients sending requests until {@code length} has passed; returns the right answers. */
    private static long hammer(AliServer server, Duration length, ConcurrentLinkedQueue<String> failures,
            Request request) throws Exception {
        AtomicLong answered = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                Http http = new Http(server.uri());
                for (int k = client; System.nanoTime() < end && failures.size() < 10; k++) {
                    try {
                        String failure = request.send(http, k);
                        if (failure == null) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(failure);
                        }
                    } catch (Exception | AssertionError e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(length.toSeconds() + 60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        return answered.get();
    }

    private static double counter(String metrics, String regex) {
        Matcher m = Pattern.compile(regex).matcher(metrics);
        assertTrue(m.find(), regex + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}
