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
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.train.AliTrainer;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end: a few real DJL training steps of a tiny model, ONNX export,
 * and ONNX Runtime giving the same outputs as DJL; onnx.checker validates both files.
 */
class ExportParityTest {

    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    static Path run;
    static Path bundle;

    @BeforeAll
    static void trainAndExport() throws IOException {
        DataSplits data = DataSets.open("embedded");
        TrainingConfig config = new TrainingConfig("gray28-tiny", 1, 20, 2e-4f, 0.5f, 0.999f, 7, 200, 0.9f);
        run = dir.resolve("run");
        AliTrainer.Result result = new AliTrainer(config).quiet().train(data, run);
        assertEquals(10, result.steps());
        bundle = dir.resolve("bundle");
        BundleExporter.export(run, bundle);
    }

    @Test
    void trainingLeavesPicturesMetricsAndACheckpoint() throws IOException {
        for (String file : List.of("samples.png", "reconstructions.png", "losses.png", "metrics.jsonl",
                Checkpoint.FILE_NAME)) {
            assertTrue(Files.size(run.resolve(file)) > 0, file);
        }
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
        assertTrue(metrics.get(metrics.size() - 1).contains("\"type\":\"epoch\""), metrics.toString());
    }

    @Test
    void onnxRuntimeMatchesDjlOnTheSameInputs() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                OnnxLatentModel onnx = OnnxLatentModel.load(bundle)) {
            AliNetworks networks = Checkpoint.loadForInference(run.resolve(Checkpoint.FILE_NAME), manager);

            NDArray x = manager.randomUniform(-1, 1, new Shape(5, 1, 28, 28));
            NDList djlEncoded = networks.encode(x, false);
            Latents ortEncoded = onnx.encode(new ImageTensor(x.toFloatArray(), 5, 1, 28, 28));
            assertClose(djlEncoded.get(0).toFloatArray(), ortEncoded.mu(), "mu");
            assertClose(djlEncoded.get(1).toFloatArray(), ortEncoded.logSigma(), "log_sigma");

            NDArray z = manager.randomNormal(new Shape(5, 8));
            float[] djlImages = networks.generate(z, false).toFloatArray();
            ImageTensor ortImages = onnx.decode(z.toFloatArray(), 5);
            assertEquals(5, ortImages.n());
            assertClose(djlImages, ortImages.data(), "G(z)");
        }
    }

    @Test
    void manifestRecordsHowTheModelWasTrained() throws IOException {
        BundleManifest manifest = BundleManifest.read(bundle.resolve(BundleManifest.FILE_NAME));
        assertEquals("ali", manifest.training().objective());
        assertEquals("gray28-b4-d8", manifest.training().architecture());
        assertEquals(10, manifest.training().steps());
        assertEquals(8, manifest.latent().size());
        assertEquals(2, manifest.files().size());
    }

    @Test
    void onnxCheckerAcceptsBothFiles() throws Exception {
        for (String file : List.of(OnnxExporter.ENCODER_FILE, OnnxExporter.GENERATOR_FILE)) {
            String script = "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True);"
                    + " print('ok', m.opset_import[0].version, m.ir_version)";
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, bundle.resolve(file).toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.waitFor(), file + ": " + output);
            assertEquals("ok 17 8", output, file);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst);
        assertArrayEquals(expected, actual, (float) TOLERANCE, what);
    }
}
