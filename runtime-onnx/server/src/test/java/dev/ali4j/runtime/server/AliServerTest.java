package dev.ali4j.runtime.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Interpolation;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Latents;
import dev.ali4j.api.Mask;
import dev.ali4j.api.Sampling;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over real HTTP on loopback: every endpoint, bad input, metrics, graceful stop. */
class AliServerTest {
    private static final ImageSpec SPEC = TestBundle.SPEC;
    private static final long MAX_BODY = 1 << 20;

    @TempDir
    static Path tmp;
    static OnnxLatentModel model;
    static AliServer server;
    static Http http;
    static byte[] png;
    static ImageTensor x;

    @BeforeAll
    static void start() throws Exception {
        model = OnnxLatentModel.load(TestBundle.install(tmp.resolve("bundle")));
        server = AliServer.start(model, ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withBatching(true, 16, Duration.ofMillis(2))
                .withLimits(MAX_BODY, ImageOptions.defaults()));
        http = new Http(server.uri());
        png = TestBundle.encode(TestBundle.grey(28, 28, 11), "png");
        x = ImageFiles.decode(png, "x", SPEC, ImageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    private static void assertSamePicture(ImageTensor expected, int index, BufferedImage actual) {
        int[] want = Http.grey(read(ImageFiles.toPng(expected, index, SPEC)));
        assertEquals(expected.w(), actual.getWidth());
        assertArrayEquals(want, Http.grey(actual), "PNG pixels");
    }

    private static BufferedImage read(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(float[] z) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < z.length; i++) {
            sb.append(i == 0 ? "" : ",").append(z[i]);
        }
        return sb.append(']').toString();
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", ServerConfig.defaults().host());
        assertTrue(server.uri().startsWith("http://127.0.0.1:"), server.uri());
    }

    @Test
    void healthAndModel() throws Exception {
        HttpResponse<byte[]> health = http.get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", Http.json(health).get("status").asText());
        JsonNode manifest = Http.json(http.get("/v1/model"));
        assertEquals("ali4j-bundle", manifest.get("format").asText());
        assertEquals(TestBundle.D, manifest.get("latent").get("size").asInt());
        assertEquals(model.manifest().files().get("encoder.onnx"), manifest.get("files").get("encoder.onnx").asText());
    }

    @Test
    void encodeGivesTheLibrarysCodes() throws Exception {
        Latents direct = model.encode(x);
        JsonNode codes = Http.json(http.post("/v1/encode", "image/png", png));
        assertEquals(TestBundle.D, codes.get("d").asInt());
        for (int k = 0; k < TestBundle.D; k++) {
            assertEquals(direct.mu()[k], codes.get("mu").get(k).floatValue(), 1e-5f);
            assertEquals(direct.logSigma()[k], codes.get("log_sigma").get(k).floatValue(), 1e-5f);
        }
        assertFalse(codes.has("z"));
        JsonNode sampled = Http.json(http.post("/v1/encode?sample=true&seed=3", "image/png", png));
        float[] z = Sampling.encodeSample(model, x, 3);
        for (int k = 0; k < TestBundle.D; k++) {
            assertEquals(z[k], sampled.get("z").get(k).floatValue(), 1e-5f);
        }
        assertEquals(3, sampled.get("seed").asLong());
    }

    @Test
    void reconstructDecodeSampleGiveTheLibrarysPictures() throws Exception {
        assertSamePicture(model.reconstruct(x), 0, Http.png(http.post("/v1/reconstruct", "image/png", png)));
        // A JPEG of another size is resized by the documented rule, as the library does.
        byte[] jpeg = TestBundle.encode(TestBundle.grey(56, 40, 3), "jpeg");
        assertSamePicture(model.reconstruct(ImageFiles.decode(jpeg, "j", SPEC, ImageOptions.defaults())), 0,
                Http.png(http.post("/v1/reconstruct", "image/jpeg", jpeg)));

        float[] z = Sampling.standardNormal(TestBundle.D, 5);
        assertSamePicture(model.decode(z, 1), 0, Http.png(http.postJson("/v1/decode", "{\"z\":" + json(z) + "}")));

        // Samples come from the sampler (G measured on the prior), which differs from the generator.
        assertTrue(model.hasSampler());
        assertFalse(Arrays.equals(model.decode(z, 1).data(), model.decodePrior(z, 1).data()));
        HttpResponse<byte[]> grid = http.post("/v1/sample?n=4&seed=9&columns=2", null, new byte[0]);
        byte[] expected = ImageFiles.gridPng(Sampling.sample(model, 4, 9), 2, 1, SPEC);
        assertArrayEquals(Http.grey(read(expected)), Http.grey(Http.png(grid)));
        assertEquals("9", grid.headers().firstValue("X-Ali4j-Seed").orElse(""));
        HttpResponse<byte[]> viaJson = http.postJson("/v1/sample", "{\"n\": 4, \"seed\": 9, \"columns\": 2}");
        assertArrayEquals(Http.grey(read(expected)), Http.grey(Http.png(viaJson)));
        // curl -d n=4: an urlencoded form is read like any other body.
        HttpResponse<byte[]> viaForm = http.post("/v1/sample", "application/x-www-form-urlencoded",
                "n=4&seed=9&columns=2".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(Http.grey(read(expected)), Http.grey(Http.png(viaForm)));
    }

    @Test
    void headIsAnsweredOnEveryGetEndpoint() throws Exception {
        for (String path : new String[] {"/healthz", "/v1/model", "/metrics"}) {
            HttpResponse<byte[]> head = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.uri() + path)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.statusCode(), path);
            assertEquals(0, head.body().length, path);
            assertTrue(head.headers().firstValueAsLong("Content-Length").orElse(0) > 0, path);
        }
        HttpResponse<byte[]> onPost = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.uri() + "/v1/sample")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, onPost.statusCode());
        assertEquals("POST", onPost.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void scoreGivesTheLibrarysScores() throws Exception {
        for (String query : new String[] {"", "?score=feature"}) {
            AnomalyScorer scorer = query.isEmpty() ? new AnomalyScorer(model)
                    : new AnomalyScorer(model, AnomalyScoreKind.FEATURE);
            Map<String, Object> expected = scorer.score(x).describe(0);
            JsonNode got = Http.json(http.post("/v1/score" + query, "image/png", png));
            assertEquals(expected.get("score"), got.get("score").asText());
            assertEquals((double) expected.get("value"), got.get("value").asDouble(), 1e-4);
            assertTrue(got.get("percentile").isNull(), "the test bundle is not calibrated");
            assertTrue(got.get("anomalous").isNull());
            Map<?, ?> scores = (Map<?, ?>) expected.get("scores");
            assertEquals(4, got.get("scores").size());
            for (Map.Entry<?, ?> e : scores.entrySet()) {
                assertEquals((double) e.getValue(), got.get("scores").get((String) e.getKey()).asDouble(), 1e-4,
                        (String) e.getKey());
            }
        }
    }

    @Test
    void interpolateBetweenCodesOrImages() throws Exception {
        float[] za = Sampling.standardNormal(TestBundle.D, 1);
        float[] zb = Sampling.standardNormal(TestBundle.D, 2);
        HttpResponse<byte[]> row = http.postJson("/v1/interpolate",
                "{\"za\":" + json(za) + ",\"zb\":" + json(zb) + ",\"steps\":5,\"path\":\"spherical\"}");
        byte[] expected = ImageFiles.gridPng(Interpolation.SPHERICAL.decode(model, za, zb, 5), 5, 1, SPEC);
        assertArrayEquals(Http.grey(read(expected)), Http.grey(Http.png(row)));

        byte[] other = TestBundle.encode(TestBundle.grey(28, 28, 99), "png");
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("a", png);
        form.put("b", other);
        form.put("steps", 3);
        ImageTensor b = ImageFiles.decode(other, "b", SPEC, ImageOptions.defaults());
        expected = ImageFiles.gridPng(Interpolation.LINEAR.between(model, x, b, 3), 3, 1, SPEC);
        assertArrayEquals(Http.grey(read(expected)), Http.grey(Http.png(http.postForm("/v1/interpolate", form))));
    }

    @Test
    void inpaintWithABoxOrAMask() throws Exception {
        Mask box = Mask.box(28, 28, 7, 7, 14, 14);
        assertSamePicture(Inpainting.inpaint(model, x, box, 2), 0,
                Http.png(http.post("/v1/inpaint?box=7,7,14,14&rounds=2", "image/png", png)));

        BufferedImage maskPicture = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int xx = 14; xx < 28; xx++) {
                maskPicture.getRaster().setSample(xx, y, 0, 255); // right half unknown
            }
        }
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("image", png);
        form.put("mask", TestBundle.encode(maskPicture, "png"));
        BufferedImage filled = Http.png(http.postForm("/v1/inpaint", form));
        assertSamePicture(Inpainting.inpaint(model, x, Mask.box(28, 28, 14, 0, 14, 28), 1), 0, filled);
        int[] original = Http.grey(read(png));
        int[] result = Http.grey(filled);
        for (int y = 0; y < 28; y++) {
            for (int xx = 0; xx < 14; xx++) {
                assertEquals(original[y * 28 + xx], result[y * 28 + xx], "known pixels are kept");
            }
        }
    }

    /** A PNG whose header claims 100,000 x 100,000 grey pixels, followed by a little junk. */
    private static byte[] hugePngHeader() {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer file = ByteBuffer.allocate(8 + 4 + 17 + 4 + 64);
        file.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        file.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return file.array();
    }

    private record Bad(String name, String method, String path, String contentType, byte[] body, int status,
            String message) {
    }

    @Test
    void badInputGetsAClearJsonErrorAndTheServerKeepsServing() throws Exception {
        byte[] corruptPng = png.clone();
        for (int i = 60; i < corruptPng.length - 20; i++) {
            corruptPng[i] ^= 0x5a;
        }
        byte[] jpeg = TestBundle.encode(TestBundle.grey(28, 28, 1), "jpeg");
        byte[] truncatedJpeg = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        BufferedImage small = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        byte[] wrongMaskForm = form(Map.of("image", png, "mask", TestBundle.encode(small, "png")));
        String zeros7 = "0,0,0,0,0,0,0";
        List<Bad> cases = List.of(
                new Bad("corrupt PNG", "POST", "/v1/reconstruct", "image/png", corruptPng, 400, "image: corrupt"),
                new Bad("corrupt PNG to score", "POST", "/v1/score", "image/png", corruptPng, 400, "image: corrupt"),
                new Bad("unknown score", "POST", "/v1/score?score=psnr", "image/png", png, 400,
                        "unknown anomaly score \"psnr\" (known: reconstruction, latent, feature, discriminator, "
                                + "density, combined)"),
                new Bad("score needing a calibration", "POST", "/v1/score?score=combined", "image/png", png, 400,
                        "the combined score needs a profile of normal images, which ali calibrate writes into the "
                                + "bundle, and this bundle has none"),
                new Bad("JPEG cut short", "POST", "/v1/reconstruct", "image/jpeg", truncatedJpeg, 400, "image: corrupt"),
                new Bad("not an image", "POST", "/v1/reconstruct", "text/plain",
                        "hello, this is text".getBytes(StandardCharsets.UTF_8), 400, "image: not an image"),
                new Bad("empty body", "POST", "/v1/encode", null, new byte[0], 400, "image: empty"),
                new Bad("100,000 x 100,000 header", "POST", "/v1/reconstruct", "image/png", hugePngHeader(), 413,
                        "image: image declares 100000x100000 = 10000000000 pixels, more than the limit of"),
                new Bad("latent of the wrong length", "POST", "/v1/decode", "application/json",
                        "{\"z\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8), 400,
                        "\"z\" has 3 values but the model's latent size is 8"),
                new Bad("NaN", "POST", "/v1/decode", "application/json",
                        ("{\"z\": [NaN," + zeros7 + "]}").getBytes(StandardCharsets.UTF_8), 400,
                        "z[0] is NaN; latent codes must be finite"),
                new Bad("infinity", "POST", "/v1/decode", "application/json",
                        ("{\"z\": [" + zeros7 + ",-Infinity]}").getBytes(StandardCharsets.UTF_8), 400,
                        "z[7] is -Infinity; latent codes must be finite"),
                new Bad("beyond float", "POST", "/v1/interpolate", "application/json",
                        ("{\"za\": [" + zeros7 + ",1e39], \"zb\": [" + zeros7 + ",0]}").getBytes(StandardCharsets.UTF_8),
                        400, "za[7] is 1.0E39 (beyond a 32-bit float); latent codes must be finite"),
                new Bad("not JSON", "POST", "/v1/decode", "application/json",
                        "{\"z\": [1, ".getBytes(StandardCharsets.UTF_8), 400, "body is not valid JSON"),
                new Bad("JSON and trailing garbage", "POST", "/v1/decode", "application/json",
                        ("{\"z\": [" + zeros7 + ",0]} trailing").getBytes(StandardCharsets.UTF_8), 400,
                        "body is not valid JSON (one object, nothing after it)"),
                new Bad("two JSON objects", "POST", "/v1/decode", "application/json",
                        ("{\"z\": [" + zeros7 + ",0]} {\"z\": [" + zeros7 + ",1]}").getBytes(StandardCharsets.UTF_8),
                        400, "body is not valid JSON (one object, nothing after it)"),
                new Bad("steps in the query and the body", "POST", "/v1/interpolate?steps=8", "application/json",
                        ("{\"za\": [" + zeros7 + ",0], \"zb\": [" + zeros7 + ",1], \"steps\": 3}")
                                .getBytes(StandardCharsets.UTF_8), 400,
                        "\"steps\" is given twice, '8' in the query and '3' in the body; give it once"),
                new Bad("mask of the wrong size", "POST", "/v1/inpaint", "multipart/form-data; boundary=B",
                        wrongMaskForm, 400, "mask: mask is 20x20 (width x height) but the model's images are 28x28"),
                new Bad("no hole", "POST", "/v1/inpaint", "image/png", png, 400, "inpaint needs a \"mask\""),
                new Bad("box outside", "POST", "/v1/inpaint?box=20,20,10,10", "image/png", png, 400,
                        "\"box\" 20,20,10,10 does not lie inside"),
                new Bad("too many samples", "POST", "/v1/sample?n=100000", null, new byte[0], 400,
                        "\"n\" must be between 1 and 256, got 100000"),
                new Bad("unknown path", "GET", "/v2/nothing", null, null, 404, "no such endpoint: GET /v2/nothing"),
                new Bad("malformed query", "POST", "/v1/sample?n=%C3%28", null, new byte[0], 400, "malformed request: Bad query"),
                new Bad("wrong method", "GET", "/v1/reconstruct", null, null, 405,
                        "GET is not allowed on /v1/reconstruct; use POST"),
                new Bad("oversized body", "POST", "/v1/reconstruct", "image/png", new byte[(int) MAX_BODY + 1], 413,
                        "request body is 1048577 bytes, more than the limit of 1048576"));
        for (Bad bad : cases) {
            HttpResponse<byte[]> response = "GET".equals(bad.method()) ? http.get(bad.path())
                    : http.post(bad.path(), bad.contentType(), bad.body());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            assertEquals(bad.status(), response.statusCode(), bad.name() + ": " + text);
            String error = Http.json(response).get("error").asText();
            assertTrue(error.startsWith(bad.message()), bad.name() + ": " + error);
            assertFalse(text.contains("Exception") || text.contains("\tat "), bad.name() + ": " + text);
            if (bad.status() == 405) {
                assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
            }
        }
        // ... and the server still answers correctly.
        assertSamePicture(model.reconstruct(x), 0, Http.png(http.post("/v1/reconstruct", "image/png", png)));
        String metrics = new String(http.get("/metrics").body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("ali4j_http_errors_total{endpoint=\"reconstruct\",status=\"413\"}"), metrics);
        assertTrue(metrics.contains("ali4j_http_errors_total{endpoint=\"other\",status=\"404\"}"), metrics);
    }

    private static byte[] form(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            body.write(("--B\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\"f.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(e.getValue());
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("--B--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    @Test
    void malformedHttpGetsAJsonErrorFromJettyToo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nno colon in this header\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("Content-Type: application/json"), response);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertTrue(Http.JSON.readTree(body).has("error"), body);
            assertFalse(response.contains("<html"), response);
        }
        assertEquals(200, http.get("/healthz").statusCode());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        http.post("/v1/reconstruct", "image/png", png);
        HttpResponse<byte[]> response = http.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        for (String expected : List.of("# TYPE ali4j_http_requests_total counter",
                "ali4j_http_requests_total{endpoint=\"reconstruct\",status=\"200\"}",
                "# TYPE ali4j_http_request_duration_seconds histogram",
                "ali4j_http_request_duration_seconds_bucket{endpoint=\"reconstruct\",le=\"0.01\"}",
                "ali4j_batch_size_bucket{network=\"encoder\",le=\"1.0\"}", "ali4j_batch_size_count{network=\"generator\"}",
                "ali4j_requests_in_flight", "ali4j_batch_queue_length", "ali4j_process_peak_resident_memory_bytes")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }

    @Test
    void stoppingFinishesTheRequestsInFlight() throws Exception {
        // The model holds the request at a gate, so that it is surely in flight while the server stops.
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        AliServer slow = AliServer.start(new GatedModel(model, inModel, gate),
                ServerConfig.defaults().withAddress("127.0.0.1", 0));
        Http client = new Http(slow.uri());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<byte[]>> inFlight = threads.submit(() -> client.post("/v1/reconstruct", "image/png",
                    png));
            assertTrue(inModel.await(30, TimeUnit.SECONDS), "the request reached the model");
            int port = slow.port();
            Future<?> stopping = threads.submit(slow::close);
            awaitRefused(port); // close() has begun: the connector accepts no more
            assertFalse(stopping.isDone(), "close() waits for the request in flight");
            gate.countDown();
            HttpResponse<byte[]> response = inFlight.get(30, TimeUnit.SECONDS);
            stopping.get(30, TimeUnit.SECONDS);
            assertSamePicture(model.reconstruct(x), 0, Http.png(response));
            assertThrows(IOException.class, () -> client.get("/healthz"), "no longer listening");
        } finally {
            gate.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aRequestOutlastingTheShutdownTimeoutIsCancelledAndTheStopCompletes() throws Exception {
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1); // never opened before the stop: the model hangs
        AliServer stuck = AliServer.start(new GatedModel(model, inModel, gate),
                ServerConfig.defaults().withAddress("127.0.0.1", 0)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        Http client = new Http(stuck.uri());
        ExecutorService threads = Executors.newFixedThreadPool(1);
        try {
            threads.submit(() -> client.post("/v1/reconstruct", "image/png", png));
            assertTrue(inModel.await(30, TimeUnit.SECONDS), "the request reached the model");
            long start = System.nanoTime();
            stuck.close();
            long took = (System.nanoTime() - start) / 1_000_000;
            // About 3 s: the 1 s shutdown timeout, then the stuck batch interrupted after the 2 s request
            // timeout. Without the interrupt it would wait for the gate's 30 s.
            assertTrue(took < 20_000, "the stop took " + took + " ms: shutdown timeout 1 s, then the stuck batch is "
                    + "interrupted after the 2 s request timeout");
        } finally {
            gate.countDown();
            threads.shutdownNow();
        }
    }

    /** Polls until a connection to {@code port} on loopback is refused, for at most 30 s. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(System.nanoTime() < deadline, "port " + port + " still accepts connections");
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /** A model whose first encode waits at a gate, saying when it got there. */
    private static final class GatedModel implements LatentModel {
        private final LatentModel model;
        private final CountDownLatch arrived;
        private final CountDownLatch gate;

        GatedModel(LatentModel model, CountDownLatch arrived, CountDownLatch gate) {
            this.model = model;
            this.arrived = arrived;
            this.gate = gate;
        }

        @Override
        public BundleManifest manifest() {
            return model.manifest();
        }

        @Override
        public Latents encode(ImageTensor images) {
            arrived.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return model.encode(images);
        }

        @Override
        public ImageTensor decode(float[] z, int n) {
            return model.decode(z, n);
        }

        @Override
        public void close() {
        }
    }
}
