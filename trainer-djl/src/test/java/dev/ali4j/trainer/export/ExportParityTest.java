package dev.ali4j.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.DiscriminatorOutput;
import dev.ali4j.runtime.OnnxLatentModel;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ali4j.trainer.arch.SlotKind;
import dev.ali4j.trainer.arch.TupleDiscriminator;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.LogSigmaBound;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.SyntheticImages;
import dev.ali4j.trainer.train.BatchNormRecalibration;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The walking skeleton end to end, for a tiny copy of every architecture family: a few real DJL
 * training steps, ONNX export, and ONNX Runtime giving the same outputs as DJL; onnx.checker
 * validates both files.
 */
class ExportParityTest {

    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    /** One trained and exported tiny model. */
    record Trained(Architecture arch, Path run, Path bundle, long steps) {}

    static final Map<String, Trained> TRAINED = new LinkedHashMap<>();

    /** The tiny presets, one per architecture family. */
    static List<String> presets() {
        return List.of("gray28-tiny", "rgb32-tiny", "rgb64-tiny");
    }

    @BeforeAll
    static void trainAndExport() throws IOException {
        // gray28 on the embedded sample, 10 steps; the colour presets on synthetic images, 2 steps.
        train(TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(20).learningRate(2e-4f).seed(7).trainLimit(200).averageDecay(0.9f).build(), DataSets.open("embedded"));
        for (String preset : List.of("rgb32-tiny", "rgb64-tiny")) {
            Architecture arch = Presets.byName(preset);
            train(TrainingConfig.builder().architecture(preset).epochs(1).batchSize(4).learningRate(2e-4f).seed(7).averageDecay(0.9f).build(),
                    SyntheticImages.splits(arch.channels(), arch.height(), 8, 4, 7));
        }
    }

    private static void train(TrainingConfig config, DataSplits data) throws IOException {
        Path run = dir.resolve(config.architecture()).resolve("run");
        LatentModelTrainer.Result result = new LatentModelTrainer(config).fit(data, run);
        Path bundle = dir.resolve(config.architecture()).resolve("bundle");
        BundleExporter.export(run, bundle);
        TRAINED.put(config.architecture(),
                new Trained(Presets.byName(config.architecture()), run, bundle, result.steps()));
    }

    @ParameterizedTest
    @MethodSource("presets")
    void trainingLeavesPicturesMetricsAndACheckpoint(String preset) throws IOException {
        Trained trained = TRAINED.get(preset);
        Path run = trained.run();
        List<String> files = new ArrayList<>(List.of("samples.png", "reconstructions.png", "metrics.jsonl",
                Checkpoint.FILE_NAME));
        if (trained.steps() >= 10) {
            files.add("losses.png"); // losses are logged every 10 steps
        }
        for (String file : files) {
            assertTrue(Files.size(run.resolve(file)) > 0, file);
        }
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
        assertTrue(metrics.get(metrics.size() - 1).contains("\"type\":\"epoch\""), metrics.toString());
        if (trained.steps() >= 10) {
            assertTrue(Files.size(run.resolve("telemetry.png")) > 0, "telemetry.png");
            com.fasterxml.jackson.databind.JsonNode step = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(metrics.get(0));
            assertEquals("step", step.get("type").asText());
            for (String key : List.of("max_abs_log_sigma", "max_abs_z", "grad_norm_e", "grad_norm_g", "grad_norm_d")) {
                double value = step.get(key).asDouble();
                assertTrue(value > 0 && Double.isFinite(value), key + " = " + value);
            }
            assertTrue(step.get("max_abs_log_sigma").asDouble() <= Math.max(-LogSigmaBound.LOW, LogSigmaBound.HIGH));
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void onnxRuntimeMatchesDjlOnTheSameInputs(String preset) throws IOException {
        Trained trained = TRAINED.get(preset);
        Architecture arch = trained.arch();
        try (NDManager manager = NDManager.newBaseManager();
                OnnxLatentModel onnx = OnnxLatentModel.load(trained.bundle())) {
            LatentNetworks networks = Checkpoint.loadForInference(trained.run().resolve(Checkpoint.FILE_NAME), manager);

            NDArray x = manager.randomUniform(-1, 1, new Shape(5, arch.channels(), arch.height(), arch.width()));
            NDList djlEncoded = networks.encode(x, false);
            Latents ortEncoded = onnx.encode(
                    new ImageTensor(x.toFloatArray(), 5, arch.channels(), arch.height(), arch.width()));
            assertClose(djlEncoded.get(0).toFloatArray(), ortEncoded.mu(), "mu");
            assertClose(djlEncoded.get(1).toFloatArray(), ortEncoded.logSigma(), "log_sigma");

            NDArray z = manager.randomNormal(new Shape(5, arch.latentSize()));
            float[] djlImages = networks.generate(z, false).toFloatArray();
            ImageTensor ortImages = onnx.decode(z.toFloatArray(), 5);
            assertEquals(5, ortImages.n());
            assertClose(djlImages, ortImages.data(), "G(z)");
            assertDiscriminatorMatches(networks, onnx, x, z);
        }
    }

    /**
     * sampler.onnx is G with its batch norm measured on prior codes: DJL with the statistics that
     * BatchNormRecalibration measures on the prior gives the same images, and on a large batch of
     * prior codes it lands near what G's training-mode pass (that batch's own statistics) gives,
     * where generator.onnx, measured on the encoder's means (which spread far less after a few
     * steps from a N(0, 0.01) initialisation), lands far from it.
     */
    @ParameterizedTest
    @MethodSource("presets")
    void theSamplerDecodesPriorCodesWithStatisticsMeasuredOnThePrior(String preset) throws IOException {
        Trained trained = TRAINED.get(preset);
        Architecture arch = trained.arch();
        Path checkpoint = trained.run().resolve(Checkpoint.FILE_NAME);
        TrainingConfig config = Checkpoint.readHeader(checkpoint).config();
        try (NDManager manager = NDManager.newBaseManager();
                OnnxLatentModel onnx = OnnxLatentModel.load(trained.bundle())) {
            assertTrue(onnx.hasSampler());
            LatentNetworks networks = Checkpoint.loadForInference(checkpoint, manager);
            int n = 256;
            float[] z = dev.ali4j.api.Sampling.standardNormal(n * arch.latentSize(), 11);
            NDArray codes = manager.create(z, new Shape(n, arch.latentSize()));
            float[] generator = networks.generate(codes, false).toFloatArray();
            assertClose(generator, onnx.decode(z, n).data(), "generator.onnx");
            float[][] sampler = new float[1][];
            BatchNormRecalibration.withGeneratorOnPrior(networks, config.batchSize(), config.seed(), manager,
                    () -> sampler[0] = networks.generate(codes, false).toFloatArray());
            assertClose(sampler[0], onnx.decodePrior(z, n).data(), "sampler.onnx");
            assertClose(generator, networks.generate(codes, false).toFloatArray(), "G's statistics put back");

            float[] ownStatistics = networks.generate(codes, true).toFloatArray();
            double samplerOff = meanAbsoluteDifference(sampler[0], ownStatistics);
            double generatorOff = meanAbsoluteDifference(generator, ownStatistics);
            assertTrue(samplerOff < 0.5 * generatorOff, preset + ": sampler " + samplerOff + " and generator "
                    + generatorOff + " from G on the batch's own statistics");
        }
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** D's logits and joint features from DJL and from the exported discriminator.onnx agree. */
    static void assertDiscriminatorMatches(LatentNetworks networks, OnnxLatentModel onnx, NDArray x, NDArray z) {
        long[] s = x.getShape().getShape();
        int n = (int) s[0];
        DiscriminatorOutput ort = onnx.discriminate(
                new ImageTensor(x.toFloatArray(), n, (int) s[1], (int) s[2], (int) s[3]), z.toFloatArray());
        assertClose(networks.discriminate(new NDList(x, z), false).toFloatArray(), ort.logits(), "D logits");
        assertClose(djlFeatures(networks, x, z), ort.features(), "D features");
    }

    /** D's last hidden layer in DJL: both branches, then the joint head but its last layer. */
    private static float[] djlFeatures(LatentNetworks networks, NDArray x, NDArray z) {
        TupleDiscriminator d = networks.discriminator();
        ParameterStore ps = new ParameterStore(x.getManager(), false);
        NDArray xf = d.branch(SlotKind.IMAGE).forward(ps, new NDList(x), false).singletonOrThrow();
        NDArray zf = d.branch(SlotKind.LATENT).forward(ps, new NDList(z), false).singletonOrThrow();
        NDList h = new NDList(xf.concat(zf, 1));
        List<Block> head = d.joint().getChildren().values();
        for (Block block : head.subList(0, head.size() - 1)) {
            h = block.forward(ps, h, false);
        }
        return h.singletonOrThrow().toFloatArray();
    }

    /**
     * Images far outside [-1, 1] drive E's raw log-sigma to the thousands: the bound holds in DJL
     * and in the exported graph alike, and both agree.
     */
    @ParameterizedTest
    @MethodSource("presets")
    void logSigmaStaysBoundedOnExtremeInputsInDjlAndOnnx(String preset) throws IOException {
        Trained trained = TRAINED.get(preset);
        Architecture arch = trained.arch();
        try (NDManager manager = NDManager.newBaseManager();
                OnnxLatentModel onnx = OnnxLatentModel.load(trained.bundle())) {
            LatentNetworks networks = Checkpoint.loadForInference(trained.run().resolve(Checkpoint.FILE_NAME), manager);
            NDArray x = manager.randomUniform(-1, 1, new Shape(4, arch.channels(), arch.height(), arch.width()))
                    .mul(1e5f);
            float[] djl = networks.encode(x, false).get(1).toFloatArray();
            float[] ort = onnx.encode(new ImageTensor(x.toFloatArray(), 4, arch.channels(), arch.height(),
                    arch.width())).logSigma();
            double farthest = 0;
            for (int i = 0; i < djl.length; i++) {
                for (float v : new float[] {djl[i], ort[i]}) {
                    assertTrue(v >= LogSigmaBound.LOW && v <= LogSigmaBound.HIGH, preset + ": log-sigma " + v);
                }
                farthest = Math.max(farthest, Math.abs(djl[i] - LogSigmaBound.CENTRE));
            }
            assertTrue(farthest > 0.99 * LogSigmaBound.HALF_WIDTH,
                    preset + ": the inputs must push log-sigma to its bound, reached " + farthest);
            assertClose(djl, ort, "log_sigma on extreme inputs");
        }
    }

    @Test
    void manifestRecordsHowTheModelWasTrained() throws IOException {
        BundleManifest manifest = BundleManifest.read(TRAINED.get("gray28-tiny").bundle().resolve(BundleManifest.FILE_NAME));
        assertEquals("ali", manifest.training().objective());
        assertEquals("gray28-b4-d8", manifest.training().architecture());
        assertEquals(10, manifest.training().steps());
        assertEquals(8, manifest.latent().size());
        assertEquals(4, manifest.files().size());
        assertEquals(OnnxExporter.DISCRIMINATOR_FILE, manifest.discriminator().file());
        assertEquals(OnnxExporter.SAMPLER_FILE, manifest.sampler().file());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb32-tiny", "rgb64-tiny"})
    void colourManifestsRecordTheirImageShape(String preset) throws IOException {
        Trained trained = TRAINED.get(preset);
        BundleManifest manifest = BundleManifest.read(trained.bundle().resolve(BundleManifest.FILE_NAME));
        assertEquals(trained.arch().name(), manifest.training().architecture());
        assertEquals(2, trained.steps());
        assertEquals(trained.arch().imageSpec(), manifest.image());
        assertEquals(3, manifest.image().channels());
    }

    @ParameterizedTest
    @MethodSource("presets")
    void onnxCheckerAcceptsBothFiles(String preset) throws Exception {
        for (String file : List.of(OnnxExporter.ENCODER_FILE, OnnxExporter.GENERATOR_FILE,
                OnnxExporter.SAMPLER_FILE, OnnxExporter.DISCRIMINATOR_FILE)) {
            String script = "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True);"
                    + " print('ok', m.opset_import[0].version, m.ir_version)";
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script,
                    TRAINED.get(preset).bundle().resolve(file).toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.waitFor(), file + ": " + output);
            assertEquals("ok 17 8", output, file);
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst);
        assertArrayEquals(expected, actual, (float) TOLERANCE, what);
    }
}
