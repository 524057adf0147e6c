package dev.ali4j.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link BundleManifest} to and from JSON through Jackson's tree model, so that every
 * problem is reported with the dotted name of the field ({@code "image.channels"}) and unknown
 * fields are ignored.
 */
final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    static BundleManifest read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BundleFormatException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BundleFormatException(source + ": empty, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new BundleFormatException(source + ": expected a JSON object, found " + kind(root));
        }
        return new Reader(source).manifest(root);
    }

    static void write(BundleManifest m, OutputStream out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", m.format());
        root.put("formatVersion", m.formatVersion());

        ImageSpec image = m.image();
        ObjectNode imageNode = root.putObject("image");
        imageNode.put("channels", image.channels());
        imageNode.put("height", image.height());
        imageNode.put("width", image.width());
        imageNode.put("layout", image.layout());
        imageNode.put("pixelMin", image.pixelMin());
        imageNode.put("pixelMax", image.pixelMax());

        ObjectNode latentNode = root.putObject("latent");
        latentNode.put("size", m.latent().size());
        latentNode.put("prior", m.latent().prior());

        writeModel(root.putObject("encoder"), m.encoder());
        writeModel(root.putObject("generator"), m.generator());
        if (m.sampler() != null) {
            writeModel(root.putObject("sampler"), m.sampler());
        }
        if (m.discriminator() != null) {
            writeModel(root.putObject("discriminator"), m.discriminator());
        }

        TrainingInfo t = m.training();
        ObjectNode trainingNode = root.putObject("training");
        trainingNode.put("objective", t.objective());
        trainingNode.put("architecture", t.architecture());
        trainingNode.put("dataset", t.dataset());
        trainingNode.put("steps", t.steps());
        trainingNode.put("epochs", t.epochs());
        trainingNode.put("batchSize", t.batchSize());
        trainingNode.put("seed", t.seed());
        ObjectNode versions = trainingNode.putObject("versions");
        t.versions().forEach(versions::put);

        Calibration calibration = m.calibration();
        if (calibration != null) {
            ObjectNode node = root.putObject("calibration");
            node.put("score", calibration.score().label());
            node.put("images", calibration.images());
            node.put("data", calibration.data());
            ArrayNode quantiles = node.putArray("quantiles");
            for (float q : calibration.quantiles()) {
                quantiles.add(q);
            }
            NormalProfile profile = calibration.profile();
            if (profile != null) {
                ObjectNode p = node.putObject("profile");
                p.put("images", profile.images());
                floats(p.putArray("latentMean"), profile.latentMean());
                floats(p.putArray("latentPrecision"), profile.latentPrecision());
                floats(p.putArray("logReconstruction"), profile.logReconstruction());
                floats(p.putArray("logDensity"), profile.logDensity());
            }
            node.put("sha256", calibration.sha256());
        }

        ObjectNode files = root.putObject("files");
        m.files().forEach(files::put);

        MAPPER.writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) {
            array.add(v);
        }
    }

    private static void writeModel(ObjectNode node, ModelFile model) {
        node.put("file", model.file());
        ArrayNode inputs = node.putArray("inputs");
        model.inputs().forEach(inputs::add);
        ArrayNode outputs = node.putArray("outputs");
        model.outputs().forEach(outputs::add);
    }

    private static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case STRING:
                return "the string " + node;
            case NULL:
                return "null";
            default:
                return node.toString();
        }
    }

    /** Reads one manifest tree; knows the source name for messages. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        BundleManifest manifest(JsonNode root) throws BundleFormatException {
            String format = string(root, "", "format");
            if (!BundleManifest.FORMAT.equals(format)) {
                throw fail("\"format\" is \"" + format + "\", expected \"" + BundleManifest.FORMAT
                        + "\": this is not an ali4j bundle manifest");
            }
            long version = integer(root, "", "formatVersion");
            if (version != BundleManifest.FORMAT_VERSION) {
                throw fail("format version " + version + " is not supported by this ali4j (supports "
                        + BundleManifest.FORMAT_VERSION + ")");
            }
            try {
                return BundleManifest.builder()
                        .image(image(object(root, "", "image")))
                        .latent(latent(object(root, "", "latent")))
                        .encoder(model(object(root, "", "encoder"), "encoder."))
                        .generator(model(object(root, "", "generator"), "generator."))
                        .sampler(root.has("sampler") ? model(object(root, "", "sampler"), "sampler.") : null)
                        .training(training(object(root, "", "training")))
                        .discriminator(root.has("discriminator")
                                ? model(object(root, "", "discriminator"), "discriminator.") : null)
                        .calibration(root.has("calibration") ? calibration(object(root, "", "calibration")) : null)
                        .files(stringMap(root, "", "files"))
                        .build();
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        private ImageSpec image(JsonNode node) throws BundleFormatException {
            String p = "image.";
            int channels = intValue(node, p, "channels");
            int height = intValue(node, p, "height");
            int width = intValue(node, p, "width");
            String layout = string(node, p, "layout");
            if (!ImageSpec.LAYOUT_NCHW.equals(layout)) {
                throw fail("\"image.layout\" is \"" + layout + "\", only \"" + ImageSpec.LAYOUT_NCHW
                        + "\" is supported");
            }
            float min = number(node, p, "pixelMin");
            float max = number(node, p, "pixelMax");
            try {
                return new ImageSpec(channels, height, width, min, max);
            } catch (IllegalArgumentException e) {
                throw fail("\"image\": " + e.getMessage());
            }
        }

        private LatentSpec latent(JsonNode node) throws BundleFormatException {
            int size = intValue(node, "latent.", "size");
            String prior = string(node, "latent.", "prior");
            // The runtime samples z from N(0, I) and scores codes against it: another prior would load
            // and quietly give wrong samples and latent scores.
            if (!LatentSpec.PRIOR_NORMAL.equals(prior)) {
                throw fail("\"latent.prior\" is \"" + prior + "\", only \"" + LatentSpec.PRIOR_NORMAL
                        + "\" is supported");
            }
            try {
                return new LatentSpec(size, prior);
            } catch (IllegalArgumentException e) {
                throw fail("\"latent\": " + e.getMessage());
            }
        }

        private ModelFile model(JsonNode node, String p) throws BundleFormatException {
            String file = string(node, p, "file");
            List<String> inputs = stringList(node, p, "inputs");
            List<String> outputs = stringList(node, p, "outputs");
            try {
                return new ModelFile(file, inputs, outputs);
            } catch (IllegalArgumentException e) {
                throw fail("\"" + p.substring(0, p.length() - 1) + "\": " + e.getMessage());
            }
        }

        private Calibration calibration(JsonNode node) throws BundleFormatException {
            String p = "calibration.";
            float[] quantiles = floatArray(node, p, "quantiles");
            Calibration calibration;
            try {
                NormalProfile profile = null;
                if (node.has("profile")) {
                    JsonNode q = object(node, p, "profile");
                    String pp = p + "profile.";
                    profile = new NormalProfile(intValue(q, pp, "images"), floatArray(q, pp, "latentMean"),
                            floatArray(q, pp, "latentPrecision"), floatArray(q, pp, "logReconstruction"),
                            floatArray(q, pp, "logDensity"));
                }
                calibration = new Calibration(AnomalyScoreKind.fromLabel(string(node, p, "score")),
                        intValue(node, p, "images"), string(node, p, "data"), quantiles, profile);
            } catch (IllegalArgumentException e) {
                throw fail("\"calibration\": " + e.getMessage());
            }
            String sha = string(node, p, "sha256");
            if (!sha.equals(calibration.sha256())) {
                throw fail("\"calibration\" does not match its sha256: it was edited or is corrupt;"
                        + " run ali calibrate again");
            }
            return calibration;
        }

        private float[] floatArray(JsonNode node, String p, String name) throws BundleFormatException {
            JsonNode values = required(node, p, name);
            if (!values.isArray()) {
                throw wrongType(p + name, "an array of numbers", values);
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                if (!values.get(i).isNumber()) {
                    throw wrongType(p + name + "[" + i + "]", "a number", values.get(i));
                }
                out[i] = values.get(i).floatValue();
                if (Float.isInfinite(out[i])) {
                    throw fail("\"" + p + name + "[" + i + "]\" is " + values.get(i) + ", beyond the range of a float");
                }
            }
            return out;
        }

        private TrainingInfo training(JsonNode node) throws BundleFormatException {
            String p = "training.";
            TrainingInfo.Builder b = TrainingInfo.builder()
                    .objective(string(node, p, "objective"))
                    .architecture(string(node, p, "architecture"));
            if (node.has("dataset")) {
                b.dataset(string(node, p, "dataset"));
            }
            if (node.has("steps")) {
                b.steps(integer(node, p, "steps"));
            }
            if (node.has("epochs")) {
                b.epochs(intValue(node, p, "epochs"));
            }
            if (node.has("batchSize")) {
                b.batchSize(intValue(node, p, "batchSize"));
            }
            if (node.has("seed")) {
                b.seed(integer(node, p, "seed"));
            }
            if (node.has("versions")) {
                b.versions(stringMap(node, p, "versions"));
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw fail("\"training\": " + e.getMessage());
            }
        }

        private JsonNode required(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                throw fail("missing required field \"" + prefix + field + "\"");
            }
            return node;
        }

        private JsonNode object(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isObject()) {
                throw wrongType(prefix + field, "an object", node);
            }
            return node;
        }

        private String string(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isTextual()) {
                throw wrongType(prefix + field, "a string", node);
            }
            return node.textValue();
        }

        private long integer(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw wrongType(prefix + field, "an integer", node);
            }
            return node.longValue();
        }

        private int intValue(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw wrongType(prefix + field, "a 32-bit integer", node);
            }
            return node.intValue();
        }

        private float number(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isNumber()) {
                throw wrongType(prefix + field, "a number", node);
            }
            return node.floatValue();
        }

        private List<String> stringList(JsonNode parent, String prefix, String field) throws BundleFormatException {
            JsonNode node = required(parent, prefix, field);
            if (!node.isArray()) {
                throw wrongType(prefix + field, "an array of strings", node);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw wrongType(prefix + field, "an array of strings", node);
                }
                out.add(item.textValue());
            }
            return out;
        }

        private Map<String, String> stringMap(JsonNode parent, String prefix, String field)
                throws BundleFormatException {
            JsonNode node = object(parent, prefix, field);
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw wrongType(prefix + field + "." + e.getKey(), "a string", e.getValue());
                }
                out.put(e.getKey(), e.getValue().textValue());
            }
            return out;
        }

        private BundleFormatException wrongType(String field, String expected, JsonNode found) {
            return fail("\"" + field + "\" must be " + expected + ", found " + kind(found));
        }

        private BundleFormatException fail(String message) {
            return new BundleFormatException(source + ": " + message);
        }
    }
}
