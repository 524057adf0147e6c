package dev.ali4j.trainer.objective;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The objective presets and objective files. Every preset is a JSON file in this package's
 * resources, in the format a user writes for {@code --objective-file} ({@link ObjectiveSpec}).
 *
 * <pre>{@code
 * Objective gali4 = Objectives.preset("gali-4");
 * Objective mine = Objectives.read(Path.of("tuples.yaml"));
 * }</pre>
 */
public final class Objectives {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

    private Objectives() {}

    /** Names accepted by {@link #preset}. */
    public static List<String> names() {
        return List.of("ali", "bigan", "alice", "alice-mu", "gali-4", "gali-8", "gali-pretrained", "gali-mix");
    }

    /** The preset called {@code name}, e.g. {@code gali-4}. */
    public static Objective preset(String name) {
        return Objective.compile(presetSpec(name));
    }

    /** The declaration of a preset, before checking. */
    public static ObjectiveSpec presetSpec(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!names().contains(key)) {
            throw new IllegalArgumentException("unknown objective '" + name + "' (known: " + String.join(", ", names())
                    + "; or declare your own with --objective-file)");
        }
        try (InputStream in = Objectives.class.getResourceAsStream(key + ".json")) {
            return JSON.readValue(in, ObjectiveSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("objective preset " + key + " is missing from the jar", e);
        }
    }

    /**
     * Reads and checks an objective file: YAML if its name ends in {@code .yaml} or {@code .yml},
     * JSON otherwise.
     *
     * @throws IOException if the file cannot be read or parsed, naming the file and the place
     * @throws IllegalArgumentException if the objective is not valid (see {@link Objective#compile})
     */
    public static Objective read(Path file) throws IOException {
        String lower = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
        ObjectiveSpec spec;
        try {
            spec = mapper.readValue(Files.readString(file), ObjectiveSpec.class);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such objective file", e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a valid objective file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (spec == null) {
            throw new IOException(file + ": the objective file is empty");
        }
        if (spec.name() == null || spec.name().isBlank()) {
            String base = String.valueOf(file.getFileName()).replaceFirst("\\.[^.]*$", "");
            spec = new ObjectiveSpec(base, spec.description(), spec.encoder(), spec.variables(), spec.tuples(),
                    spec.reconstruction(), spec.lambda());
        }
        try {
            return Objective.compile(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON form of a declaration, as stored in checkpoints. */
    public static String toJson(ObjectiveSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
