package dev.ali4j.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An {@code eval.json} as {@code ali eval} writes it ({@code EvaluationReport.toJson()}), read back
 * for a report. Files of older versions simply lack some metrics.
 *
 * @param file where it was read from
 * @param json its content
 */
public record EvalResults(Path file, ObjectNode json) {

    /** File name inside a run directory: {@code ali eval --out RUN/eval.json} puts it there. */
    public static final String FILE_NAME = "eval.json";

    /** Which way a metric is better; a reference is a chance level or a ceiling to read the others by. */
    public enum Direction {
        LOWER,
        HIGHER,
        REFERENCE
    }

    /**
     * A metric of the evaluation suite, as reports show it.
     *
     * @param key its name in eval.json
     * @param meaning one line for a reader
     * @param direction which way is better
     */
    public record Metric(String key, String meaning, Direction direction) {

        /** Whether it is charted: the chance levels and the ceiling only give context. */
        public boolean headline() {
            return direction != Direction.REFERENCE;
        }

        /** The key with the way it is better, e.g. {@code pixel_mse (lower is better)}. */
        public String title() {
            return switch (direction) {
                case LOWER -> key + " (lower is better)";
                case HIGHER -> key + " (higher is better)";
                case REFERENCE -> key;
            };
        }
    }

    /** The metrics reports know, in the order they show them. */
    public static final List<Metric> METRICS = List.of(
            new Metric("pixel_mse", "x against G(mu(x)) on the test split, pixels in [0, 1]", Direction.LOWER),
            new Metric("pixel_mse_shuffled", "G(mu(x)) against another test image: the chance level of pixel_mse",
                    Direction.REFERENCE),
            new Metric("label_preservation", "the classifier's accuracy on G(mu(x)) against x's labels",
                    Direction.HIGHER),
            new Metric("classifier_accuracy", "the classifier's accuracy on x itself: the ceiling of "
                    + "label_preservation", Direction.REFERENCE),
            new Metric("fid_classifier", "Frechet distance between the classifier's features of prior samples G(z) "
                    + "and of test images", Direction.LOWER),
            new Metric("sample_class_tv", "how far the classes of prior samples G(z) are from the test images' mix "
                    + "(total variation: 0 the same mix, 1 disjoint), as the classifier predicts both",
                    Direction.LOWER),
            new Metric("linear_probe_accuracy", "softmax regression on mu(x), scored on the test codes",
                    Direction.HIGHER),
            new Metric("inpainting_mse", "error on a seeded box per image filled by the runtime's inpainting",
                    Direction.LOWER),
            new Metric("inpainting_mse_shuffled", "the fill against another image's pixels there: the chance level "
                    + "of inpainting_mse", Direction.REFERENCE));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code directory/eval.json} if there is one. */
    public static Optional<EvalResults> readIn(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** Reads an eval.json; a file that is not a JSON object fails with its name and the fault. */
    public static EvalResults read(Path file) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException(file + ": not an evaluation (expected a JSON object as ali eval writes)");
        }
        return new EvalResults(file, (ObjectNode) json);
    }

    /** A metric's value, if the file has it as a number. */
    public OptionalDouble value(String key) {
        JsonNode node = json.get(key);
        return node != null && node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    }

    /** The known {@link #METRICS} this file has, in their order. */
    public List<Metric> metrics() {
        return METRICS.stream().filter(m -> value(m.key()).isPresent()).toList();
    }

    /** Every top-level value that is not an object or a list (metrics, counts, bundle, data, seed), in file order. */
    public Map<String, String> fields() {
        return scalars(json);
    }

    /** The settings the evaluation ran with. */
    public Map<String, String> settings() {
        JsonNode settings = json.get("settings");
        return settings != null && settings.isObject() ? scalars(settings) : Map.of();
    }

    /** Why a metric that was asked for is missing (unlabelled data, no classifier). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        json.path("notes").forEach(note -> notes.add(note.asText()));
        return notes;
    }

    private static Map<String, String> scalars(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode()) {
                values.put(field.getKey(), value.isNull() ? "none" : value.asText());
            }
        });
        return values;
    }
}
