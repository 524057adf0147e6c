package dev.ali4j.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Result files in JSON: pretty-printed, written atomically, directories created as needed. */
public final class JsonFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    public static void write(JsonNode json, Path file) throws IOException {
        Files.createDirectories(AtomicFiles.parentOf(file));
        byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }
}
