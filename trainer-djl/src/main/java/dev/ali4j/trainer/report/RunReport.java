package dev.ali4j.trainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.EpochResult;
import dev.ali4j.trainer.train.MetricsLog;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report shows of one training run, read from the files of its directory alone: the
 * checkpoint's header (configuration, data, progress), the epoch summaries of
 * {@code metrics.jsonl}, the charts {@code losses.png} and {@code telemetry.png}, each epoch's
 * pictures, and {@code eval.json} when there is one.
 *
 * @param directory the run directory, as given
 * @param header the checkpoint's header
 * @param epochs the epoch summaries, in order (empty without {@code metrics.jsonl})
 * @param pictures each epoch's samples and reconstructions, in order
 * @param lossChart {@code losses.png}
 * @param telemetryChart {@code telemetry.png}
 * @param evaluation {@code eval.json}
 */
public record RunReport(Path directory, Checkpoint.Header header, List<EpochResult> epochs,
        List<EpochPictures> pictures, Optional<Path> lossChart, Optional<Path> telemetryChart,
        Optional<EvalResults> evaluation) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunReport {
        epochs = List.copyOf(epochs);
        pictures = List.copyOf(pictures);
    }

    /**
     * Reads the run in {@code directory}. A missing directory, or one without a checkpoint, fails
     * with one line that says so.
     */
    public static RunReport read(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            throw new IOException(directory + ": no such directory");
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + ": not a directory (pass a run directory)");
        }
        Path checkpoint = directory.resolve(Checkpoint.FILE_NAME);
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException(directory + ": not a run directory (no " + Checkpoint.FILE_NAME
                    + "; ./ali train writes one after every epoch)");
        }
        Checkpoint.Header header = Checkpoint.readHeader(checkpoint);
        Path metrics = directory.resolve(MetricsLog.FILE_NAME);
        List<EpochResult> epochs = new ArrayList<>();
        if (Files.isRegularFile(metrics)) {
            // Lines past the checkpoint come from a run since resumed from an earlier one.
            MetricsLog.readEpochs(metrics).stream().filter(e -> e.epoch() <= header.epoch()).forEach(epochs::add);
        }
        return new RunReport(directory, header, epochs, EpochPictures.find(directory, header.epoch()),
                existing(directory.resolve("losses.png")), existing(directory.resolve("telemetry.png")),
                EvalResults.readIn(directory));
    }

    /**
     * The directory's name ({@code runs/alice}: {@code alice}); one named {@code run}, as the
     * demo's and the studies' are, goes with its parent's ({@code demo-out/run}).
     */
    public String name() {
        Path absolute = directory.toAbsolutePath().normalize();
        Path name = absolute.getFileName();
        if (name == null) {
            return directory.toString();
        }
        Path up = absolute.getParent();
        Path parent = up == null ? null : up.getFileName();
        return name.toString().equals("run") && parent != null ? parent + "/" + name : name.toString();
    }

    public TrainingConfig config() {
        return header.config();
    }

    /** The objective's name with its reconstruction weight, e.g. {@code alice (lambda 10)}. */
    public String objective() {
        float lambda = config().objective().lambdaOrZero();
        return config().objective().name() + (lambda > 0 ? " (lambda " + plain(lambda) + ")" : "");
    }

    /** The last epoch's summary, if {@code metrics.jsonl} has one. */
    public Optional<EpochResult> lastEpoch() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /** The last epoch's reconstructions. */
    public Optional<Path> lastReconstructions() {
        for (int i = pictures.size() - 1; i >= 0; i--) {
            if (pictures.get(i).reconstructions().isPresent()) {
                return pictures.get(i).reconstructions();
            }
        }
        return Optional.empty();
    }

    /**
     * The whole configuration, one row per setting: every field of {@link TrainingConfig} under
     * its name (nested ones dotted, e.g. {@code stabilisers.dropout}), so that a field added later
     * shows without changing the report.
     */
    public Map<String, String> configuration() {
        Map<String, String> rows = new LinkedHashMap<>();
        flatten("", JSON.valueToTree(config()), rows);
        return rows;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> rows) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue(), rows));
        } else if (node.isArray()) {
            rows.put(prefix, list(node));
        } else {
            rows.put(prefix, node.isNull() ? "none" : node.asText());
        }
    }

    /** {@code [["x","ex"],["gz","z"]]} as {@code (x, ex), (gz, z)}. */
    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.isArray() ? "(" + list(item) + ")" : item.asText()));
        return String.join(", ", items);
    }

    /** 10.0 as 10, 0.25 as 0.25. */
    static String plain(float value) {
        return new BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
