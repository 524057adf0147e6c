package dev.ali4j.trainer.classifier;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.Checksums;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A classifier directory: {@code classifier.params} (DJL's parameter encoding of trunk then head)
 * and {@code classifier.json} ({@link ClassifierInfo}). Each file is written atomically, the
 * parameters first: the JSON, written last, holds their checksum, so a directory whose write was
 * interrupted is refused on loading rather than half-read.
 */
final class ClassifierFiles {

    static final String PARAMS = "classifier.params";
    static final String JSON = "classifier.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ClassifierFiles() {}

    /**
     * Writes both files into {@code dir} (created if missing).
     *
     * @param info the description; its fingerprint and checksum are replaced by those of {@code network}
     * @return the info as written
     */
    static ClassifierInfo write(Path dir, ClassifierNetwork network, ClassifierInfo info) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            network.save(out);
        }
        byte[] params = bytes.toByteArray();
        ClassifierInfo written = info.withParameters(network.fingerprint(), Checksums.sha256(params));
        AtomicFiles.write(dir.resolve(PARAMS), o -> o.write(params));
        byte[] json = (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(JSON), o -> o.write(json));
        return written;
    }

    /** Reads and checks {@code classifier.json}. */
    static ClassifierInfo readInfo(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null,
                    "no classifier directory there (train one with ./ali train-classifier --out DIR)");
        }
        Path file = dir.resolve(JSON);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "not a classifier directory: " + JSON + " is missing (train one with ./ali train-classifier)");
        }
        ClassifierInfo info;
        try {
            info = MAPPER.readValue(file.toFile(), ClassifierInfo.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": not a valid classifier description: " + e.getOriginalMessage(), e);
        }
        if (info == null || !ClassifierInfo.FORMAT.equals(info.format())) {
            throw new IOException(file + ": not an ali4j classifier (format is not \"" + ClassifierInfo.FORMAT + "\")");
        }
        if (info.version() != ClassifierInfo.VERSION) {
            throw new IOException(file + ": classifier format version " + info.version() + " is not supported (supports "
                    + ClassifierInfo.VERSION + ")");
        }
        if (info.architecture() == null || info.paramsSha256() == null || info.fingerprint() == null) {
            throw new IOException(file + ": incomplete classifier description (architecture, fingerprint or "
                    + "params_sha256 missing)");
        }
        return info;
    }

    /** Loads the parameters into {@code network}, built from {@code info.architecture()}. */
    static void readParameters(Path dir, ClassifierInfo info, ClassifierNetwork network, NDManager manager)
            throws IOException {
        Path file = dir.resolve(PARAMS);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "classifier parameters missing beside " + JSON);
        }
        String sha = Checksums.sha256(file);
        if (!sha.equals(info.paramsSha256())) {
            throw new IOException(file + ": checksum " + sha + " does not match " + JSON + " (" + info.paramsSha256()
                    + "); the directory is damaged or was not written completely, retrain");
        }
        if (!network.fingerprint().equals(info.fingerprint())) {
            throw new IOException(dir + ": written for a different version of classifier "
                    + info.architecture().describe() + " (parameter shapes " + info.fingerprint()
                    + ", this ali4j builds " + network.fingerprint() + ")");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            network.load(manager, in);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": classifier parameters are truncated", e);
        }
    }
}
