package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.objective.ObjectiveStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a run shows its user: {@code samples.png} (G(z) for a fixed z), {@code reconstructions.png}
 * (fixed held-out images beside G(mu(x))), {@code metrics.jsonl} (one JSON object per line: every
 * tenth step's losses and telemetry, and each epoch's summary), {@code losses.png} and
 * {@code telemetry.png}, all rewritten after every epoch.
 */
final class RunOutputs {

    static final int SAMPLES = 64;
    static final int RECONSTRUCTIONS = 32;

    /**
     * Telemetry keys of a step line in metrics.jsonl, each the maximum since the previous line:
     * max |log-sigma| and max |z| of E's outputs, and the L2 norms of E's, G's and D's gradients.
     */
    static final String[] TELEMETRY_KEYS = {"max_abs_log_sigma", "max_abs_z", "grad_norm_e", "grad_norm_g",
        "grad_norm_d"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final AliNetworks networks;
    private final NDManager manager;
    private final ImageSpec spec;
    private final NDArray fixedLatents;
    private final float[] fixedImages;
    private final int fixedCount;
    private final Path metrics;
    private final LossHistory history;

    /**
     * @param seed fixes the latent codes of samples.png, independently of the engine's RNG
     * @param resuming keep and re-read the metrics of the run so far
     * @param objective the objective's name, for the loss chart
     */
    RunOutputs(Path directory, AliNetworks networks, NDManager manager, ImageSet test, long seed, boolean resuming,
            String objective) throws IOException {
        this.directory = directory;
        this.history = new LossHistory(objective);
        this.networks = networks;
        this.manager = manager;
        Architecture arch = networks.architecture();
        this.spec = arch.imageSpec();
        this.fixedLatents = manager.create(Sampling.standardNormal(SAMPLES * arch.latentSize(), seed),
                new Shape(SAMPLES, arch.latentSize()));
        this.fixedCount = Math.min(RECONSTRUCTIONS, test.size());
        this.fixedImages = test.rangeAsTanh(0, fixedCount);
        this.metrics = directory.resolve("metrics.jsonl");
        if (resuming && Files.exists(metrics)) {
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                JsonNode entry = JSON.readTree(line);
                if ("step".equals(entry.path("type").asText())) {
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
        } else {
            Files.deleteIfExists(metrics);
        }
    }

    /**
     * Logs one step's losses with the telemetry of the steps since the last log.
     *
     * @param peaks each telemetry value's maximum over those steps
     */
    void logStep(int epoch, long step, ObjectiveStep.Losses losses, ObjectiveStep.Telemetry peaks) throws IOException {
        history.add(step, losses.discriminator(), losses.encoderGenerator());
        double[] values = {peaks.maxAbsLogSigma(), peaks.maxAbsCode(), peaks.encoderGradientNorm(),
                peaks.generatorGradientNorm(), peaks.discriminatorGradientNorm()};
        history.addTelemetry(step, values);
        ObjectNode line = JSON.createObjectNode()
                .put("type", "step").put("epoch", epoch).put("step", step)
                .put("d_loss", losses.discriminator()).put("ge_loss", losses.encoderGenerator());
        for (int i = 0; i < values.length; i++) {
            line.put(TELEMETRY_KEYS[i], values[i]);
        }
        append(line);
    }

    /**
     * Logs the epoch's summary and redraws the pictures and charts.
     *
     * @param skipped steps with an update left out because its gradient was not finite
     */
    void endEpoch(int epoch, long step, double dLoss, double geLoss, int skipped, double imagesPerSecond,
            double seconds)
            throws IOException {
        ObjectNode line = JSON.createObjectNode()
                .put("type", "epoch").put("epoch", epoch).put("step", step)
                .put("d_loss", dLoss).put("ge_loss", geLoss).put("skipped_steps", skipped)
                .put("images_per_second", imagesPerSecond).put("seconds", seconds);
        append(line);
        Architecture arch = networks.architecture();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] samples = networks.generate(fixedLatents, false).toFloatArray();
            ImageFiles.writeGrid(new ImageTensor(samples, SAMPLES, arch.channels(), arch.height(), arch.width()),
                    8, 2, spec, directory.resolve("samples.png"));
            NDArray x = manager.create(fixedImages, new Shape(fixedCount, arch.channels(), arch.height(), arch.width()));
            float[] recon = networks.generate(networks.encode(x, false).get(0), false).toFloatArray();
            ImageFiles.writeGrid(interleave(fixedImages, recon, arch.imageSize()), 8, 2, spec,
                    directory.resolve("reconstructions.png"));
        }
        history.plot(directory.resolve("losses.png"));
        history.plotTelemetry(directory.resolve("telemetry.png"));
    }

    /** x0, G(mu(x0)), x1, G(mu(x1)), ...: pairs side by side in an even-width grid. */
    private ImageTensor interleave(float[] originals, float[] reconstructions, int imageSize) {
        Architecture arch = networks.architecture();
        float[] out = new float[2 * fixedCount * imageSize];
        for (int i = 0; i < fixedCount; i++) {
            System.arraycopy(originals, i * imageSize, out, 2 * i * imageSize, imageSize);
            System.arraycopy(reconstructions, i * imageSize, out, (2 * i + 1) * imageSize, imageSize);
        }
        return new ImageTensor(out, 2 * fixedCount, arch.channels(), arch.height(), arch.width());
    }

    private void append(ObjectNode line) throws IOException {
        Files.writeString(metrics, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
