package dev.ali4j.runtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.Interpolation;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Latents;
import dev.ali4j.api.Mask;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageFormatException;
import dev.ali4j.runtime.image.MaskFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * The API's operations, apart from HTTP: each takes an {@link ApiRequest} and returns a
 * {@link Reply}. Every model call goes through the {@link LatentModel} given, which is the
 * batching one when micro-batching is on. Bad input throws {@link ApiException},
 * {@link ImageFormatException} or {@link IllegalArgumentException} with a message naming the
 * fault.
 */
final class InferenceApi {
    /** Most images one request may ask for (sample n, interpolate steps, decode codes). */
    static final int MAX_IMAGES = 256;

    private final LatentModel model;
    private final AnomalyScorer.Discriminator discriminator;
    private final ImageSpec spec;
    private final int d;
    private final byte[] manifestJson;

    InferenceApi(LatentModel model, AnomalyScorer.Discriminator discriminator) {
        this.model = model;
        this.discriminator = discriminator;
        this.spec = model.manifest().image();
        this.d = model.manifest().latent().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.manifest().write(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the manifest: " + e.getMessage(), e);
        }
        this.manifestJson = out.toByteArray();
    }

    /** GET /v1/model: the bundle's manifest, as in its {@value BundleManifest#FILE_NAME}. */
    Reply model(ApiRequest request) {
        return new Reply(200, Reply.JSON, manifestJson, java.util.Map.of());
    }

    /** POST /v1/encode: image to {@code mu} (and {@code log_sigma}); {@code sample=true} adds a draw {@code z}. */
    Reply encode(ApiRequest request) throws ImageFormatException {
        ImageTensor x = image(request, "image");
        boolean sample = booleanParam(request, "sample");
        long seed = request.longParam("seed", 0);
        Latents codes = model.encode(x);
        ObjectNode out = ApiRequest.JSON.createObjectNode();
        out.put("d", d);
        putFloats(out.putArray("mu"), codes.mu(), 0, d);
        if (codes.logSigma() != null) {
            putFloats(out.putArray("log_sigma"), codes.logSigma(), 0, d);
        }
        if (sample) {
            putFloats(out.putArray("z"), Sampling.encodeSample(model, x, seed), 0, d);
            out.put("seed", seed);
        }
        return Reply.json(200, out);
    }

    /** POST /v1/reconstruct: image to G(mu(image)) as PNG. */
    Reply reconstruct(ApiRequest request) throws ImageFormatException {
        return Reply.png(ImageFiles.toPng(model.reconstruct(image(request, "image")), 0, spec));
    }

    /**
     * POST /v1/score: image to its anomaly scores as JSON, the fields {@code ali score} prints;
     * {@code score} (query or form field) picks the primary score.
     */
    Reply score(ApiRequest request) throws ImageFormatException {
        ImageTensor x = image(request, "image");
        String kind = request.param("score");
        AnomalyScoreKind primary = kind == null ? AnomalyScorer.primaryOf(model.manifest())
                : AnomalyScoreKind.fromLabel(kind);
        AnomalyScores scores = new AnomalyScorer(model, discriminator, primary).score(x);
        return Reply.json(200, ApiRequest.JSON.valueToTree(scores.describe(0)));
    }

    /** POST /v1/inpaint: image plus a mask picture or a box to the filled image as PNG. */
    Reply inpaint(ApiRequest request) throws ImageFormatException {
        ImageTensor x = image(request, "image");
        String box = request.param("box");
        Mask mask;
        if (request.hasUpload("mask")) {
            if (box != null) {
                throw ApiException.badRequest("give either a \"mask\" picture or a \"box\", not both");
            }
            mask = MaskFiles.decode(request.upload("mask"), "mask", spec.height(), spec.width(), request.images());
        } else if (box != null) {
            mask = MaskFiles.box(box, "\"box\"", spec.height(), spec.width());
        } else {
            throw ApiException.badRequest("inpaint needs a \"mask\" picture (multipart field, white = unknown) or a"
                    + " \"box\" x,y,w,h (query or form field)");
        }
        int rounds = request.intParam("rounds", 1, 1, Inpainting.MAX_ROUNDS);
        return Reply.png(ImageFiles.toPng(Inpainting.inpaint(model, x, mask, rounds), 0, spec));
    }

    /** POST /v1/decode: {@code {"z": [d numbers]}} to PNG; {@code {"z": [[...], ...]}} to a grid. */
    Reply decode(ApiRequest request) {
        if (!request.isJson()) {
            throw ApiException.badRequest("decode takes a JSON body {\"z\": [" + d + " numbers]}");
        }
        JsonNode z = request.json().get("z");
        if (z == null || !z.isArray() || z.size() == 0) {
            throw ApiException.badRequest("\"z\" must be an array of " + d + " numbers, or an array of such arrays");
        }
        if (!z.get(0).isArray()) {
            return Reply.png(ImageFiles.toPng(model.decode(code(z, "z"), 1), 0, spec));
        }
        int n = z.size();
        if (n > MAX_IMAGES) {
            throw ApiException.badRequest("\"z\" holds " + n + " codes, at most " + MAX_IMAGES + " per request");
        }
        float[] all = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(code(z.get(i), "z[" + i + "]"), 0, all, i * d, d);
        }
        int columns = request.intParam("columns", Math.min(n, 8), 1, MAX_IMAGES);
        return Reply.png(ImageFiles.gridPng(model.decode(all, n), columns, 1, spec));
    }

    /** POST /v1/sample: {@code n} images from the prior, seeded, as one PNG (a grid when n > 1). */
    Reply sample(ApiRequest request) {
        int n = request.intParam("n", 1, 1, MAX_IMAGES);
        long seed = request.longParam("seed", 0);
        int columns = request.intParam("columns", Math.min(n, 8), 1, MAX_IMAGES);
        ImageTensor images = Sampling.sample(model, n, seed);
        byte[] png = n == 1 ? ImageFiles.toPng(images, 0, spec) : ImageFiles.gridPng(images, columns, 1, spec);
        return Reply.png(png).withHeader("X-Ali4j-Seed", Long.toString(seed));
    }

    /**
     * POST /v1/interpolate: between two images (multipart fields {@code a} and {@code b}) or two
     * codes (JSON {@code za}, {@code zb}), {@code steps} images along a linear or spherical path,
     * as one PNG row.
     */
    Reply interpolate(ApiRequest request) throws ImageFormatException {
        int steps = request.intParam("steps", 8, 2, MAX_IMAGES);
        String pathName = request.param("path");
        Interpolation path;
        if (pathName == null || pathName.equalsIgnoreCase("linear")) {
            path = Interpolation.LINEAR;
        } else if (pathName.equalsIgnoreCase("spherical")) {
            path = Interpolation.SPHERICAL;
        } else {
            throw ApiException.badRequest("\"path\" must be linear or spherical, got '" + pathName + "'");
        }
        ImageTensor frames;
        if (request.isMultipart()) {
            ImageTensor a = ImageFiles.decode(request.upload("a"), "a", spec, request.images());
            ImageTensor b = ImageFiles.decode(request.upload("b"), "b", spec, request.images());
            frames = path.between(model, a, b, steps);
        } else if (request.isJson()) {
            JsonNode json = request.json();
            frames = path.decode(model, code(json.get("za"), "za"), code(json.get("zb"), "zb"), steps);
        } else {
            throw ApiException.badRequest("interpolate takes a multipart form with images \"a\" and \"b\", or JSON"
                    + " {\"za\": [...], \"zb\": [...]}");
        }
        return Reply.png(ImageFiles.gridPng(frames, steps, 1, spec));
    }

    private ImageTensor image(ApiRequest request, String field) throws ImageFormatException {
        return ImageFiles.decode(request.upload(field), field, spec, request.images());
    }

    private static boolean booleanParam(ApiRequest request, String name) {
        String text = request.param(name);
        if (text == null || text.isEmpty()) {
            return false;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw ApiException.badRequest("\"" + name + "\" must be true or false, got '" + text + "'");
        }
    }

    /** A latent code from JSON: exactly d numbers, each finite as a 32-bit float. */
    private float[] code(JsonNode node, String name) {
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest("\"" + name + "\" must be an array of " + d + " numbers");
        }
        if (node.size() != d) {
            throw ApiException.badRequest("\"" + name + "\" has " + node.size() + " values but the model's latent size is "
                    + d);
        }
        float[] z = new float[d];
        for (int i = 0; i < d; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw ApiException.badRequest(name + "[" + i + "] is " + v + ", not a number");
            }
            double value = v.asDouble();
            z[i] = (float) value;
            if (!Float.isFinite(z[i])) {
                throw ApiException.badRequest(name + "[" + i + "] is " + (Double.isNaN(value) ? "NaN"
                        : Double.isInfinite(value) ? (value > 0 ? "Infinity" : "-Infinity")
                        : v.asText() + " (beyond a 32-bit float)") + "; latent codes must be finite");
            }
        }
        return z;
    }

    private static void putFloats(ArrayNode array, float[] values, int offset, int count) {
        for (int i = 0; i < count; i++) {
            array.add(values[offset + i]);
        }
    }
}
