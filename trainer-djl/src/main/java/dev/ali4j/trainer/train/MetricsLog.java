package dev.ali4j.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.objective.ObjectiveStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics.jsonl} (one JSON object per line: every tenth step's losses with the telemetry
 * peaks since the line before, and each epoch's summary), its charts {@code losses.png} and
 * {@code telemetry.png} redrawn after every epoch, and one warning when the telemetry spikes
 * ({@link SpikeWatch}).
 */
public final class MetricsLog implements TrainingListener {

    /** File name inside a run directory. */
    public static final String FILE_NAME = "metrics.jsonl";

    /** A step line every this many steps. */
    static final int STEP_INTERVAL = 10;

    /**
     * Telemetry keys of a step line, each the maximum since the previous line: max |log-sigma|
     * and max |z| of E's outputs, and the L2 norms of E's, G's and D's gradients.
     */
    static final String[] TELEMETRY_KEYS = {"max_abs_log_sigma", "max_abs_z", "grad_norm_e", "grad_norm_g",
        "grad_norm_d"};

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpikeWatch spikes = new SpikeWatch();
    private Path metrics;
    private LossHistory history;

    @Override
    public void onTrainingBegin(TrainingRun run) throws IOException {
        metrics = run.directory().resolve(FILE_NAME);
        history = new LossHistory(run.config().objective().name());
        if (run.resumed() && Files.exists(metrics)) {
            reload();
        } else {
            Files.deleteIfExists(metrics);
        }
    }

    @Override
    public void onStepEnd(TrainingRun run, StepResult step) throws IOException {
        String warning = spikes.observe(step.step(), step.losses().telemetry());
        if (warning != null) {
            LOG.warn(warning);
        }
        if (step.step() % STEP_INTERVAL == 0) {
            logStep(step, spikes.drainWindow());
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochResult epoch) throws IOException {
        append(JSON.createObjectNode()
                .put("type", "epoch").put("epoch", epoch.epoch()).put("step", epoch.step())
                .put("d_loss", epoch.discriminatorLoss()).put("ge_loss", epoch.encoderGeneratorLoss())
                .put("skipped_steps", epoch.skippedSteps()).put("clipped_steps", epoch.clippedSteps())
                .put("images_per_second", epoch.imagesPerSecond()).put("seconds", epoch.seconds()));
        history.plot(run.directory().resolve("losses.png"));
        history.plotTelemetry(run.directory().resolve("telemetry.png"));
    }

    /**
     * The epoch summaries of a {@code metrics.jsonl}, in epoch order. A value an older file lacks
     * reads as NaN (0 skipped or clipped steps).
     */
    public static List<EpochResult> readEpochs(Path file) throws IOException {
        // By epoch: a line written again for an epoch (a run resumed from an earlier checkpoint) replaces the first.
        Map<Integer, EpochResult> epochs = new TreeMap<>();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(text);
            if ("epoch".equals(entry.path("type").asText())) {
                int epoch = entry.path("epoch").asInt();
                epochs.put(epoch, new EpochResult(epoch, entry.path("step").asLong(),
                        entry.path("d_loss").asDouble(Double.NaN), entry.path("ge_loss").asDouble(Double.NaN),
                        entry.path("skipped_steps").asInt(0), entry.path("clipped_steps").asInt(0),
                        entry.path("images_per_second").asDouble(Double.NaN),
                        entry.path("seconds").asDouble(Double.NaN)));
            }
        }
        return new ArrayList<>(epochs.values());
    }

    /** One step's losses with each telemetry value's maximum over the steps since the last line. */
    private void logStep(StepResult step, ObjectiveStep.Telemetry peaks) throws IOException {
        ObjectiveStep.Losses losses = step.losses();
        history.add(step.step(), losses.discriminator(), losses.encoderGenerator());
        double[] values = {peaks.maxAbsLogSigma(), peaks.maxAbsCode(), peaks.encoderGradientNorm(),
                peaks.generatorGradientNorm(), peaks.discriminatorGradientNorm()};
        history.addTelemetry(step.step(), values);
        ObjectNode line = JSON.createObjectNode()
                .put("type", "step").put("epoch", step.epoch()).put("step", step.step())
                .put("d_loss", losses.discriminator()).put("ge_loss", losses.encoderGenerator());
        for (int i = 0; i < values.length; i++) {
            line.put(TELEMETRY_KEYS[i], values[i]);
        }
        append(line);
    }

    /** A resumed run's charts continue the lines of the run so far. */
    private void reload() throws IOException {
        for (String text : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            JsonNode entry = JSON.readTree(text);
            if (!"step".equals(entry.path("type").asText())) {
                continue;
            }
            long step = entry.get("step").asLong();
            history.add(step, entry.get("d_loss").asDouble(), entry.get("ge_loss").asDouble());
            if (entry.has(TELEMETRY_KEYS[0])) {
                double[] values = new double[TELEMETRY_KEYS.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = entry.get(TELEMETRY_KEYS[i]).asDouble();
                }
                history.addTelemetry(step, values);
            }
        }
    }

    private void append(ObjectNode line) throws IOException {
        Files.writeString(metrics, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
