package dev.ali4j.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Layer;
import dev.ali4j.trainer.arch.Presets;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch norm folded into the layer before it gives what DJL gives with the batch norm, for
 * statistics far from their initial values (a mistake in the channel of a unit would show).
 */
class BatchNormFoldingTest {

    @TempDir
    Path dir;

    @Test
    void unitsSharingAChannelAreScaledAndShiftedByIt() {
        // Two units per channel (depth to space by 2 on one side, say), rows of two weights.
        float[] weight = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] bias = {1, 1, 2, 2};
        float[] gamma = {2, 3};
        float[] beta = {10, 20};
        float[] mean = {1, 2};
        float[] variance = {4 - 1e-3f, 9 - 1e-3f};
        BatchNormFolding.Folded f = BatchNormFolding.fold(weight, bias, gamma, beta, mean, variance, 1e-3f);
        // channel 0: scale 2 / 2 = 1; channel 1: scale 3 / 3 = 1, then shift by beta - mean * scale
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, f.weight(), 1e-5f);
        assertArrayEquals(new float[] {10, 10, 20, 20}, f.bias(), 1e-5f);

        float[] halves = {0.5f, 0.5f};
        BatchNormFolding.Folded g = BatchNormFolding.fold(weight, bias, halves, new float[2], new float[2],
                new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4}, g.weight(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 1, 1}, g.bias(), 1e-6f);
    }

    @Test
    void onlyMovesMayStandBetweenTheLayerAndItsBatchNorm() {
        List<Layer> layers = List.of(new Layer.Conv(1, 8, 3, 1, 1), new Layer.DepthToSpace(2), new Layer.BatchNorm(2),
                new Layer.LeakyRelu(0.2f), new Layer.Conv(2, 4, 3, 1, 1), new Layer.LeakyRelu(0.2f),
                new Layer.BatchNorm(4), new Layer.Linear(4, 6), new Layer.BatchNorm(4), new Layer.Linear(4, 4),
                new Layer.Dropout(0.5f), new Layer.BatchNorm(4), new Layer.Linear(4, 8), new Layer.Reshape(2, 2, 2),
                new Layer.BatchNorm(2));
        assertEquals(2, BatchNormFolding.batchNormAfter(layers, 0));
        assertEquals(-1, BatchNormFolding.batchNormAfter(layers, 1), "not an affine layer");
        assertEquals(-1, BatchNormFolding.batchNormAfter(layers, 4), "an activation stands between");
        assertEquals(-1, BatchNormFolding.batchNormAfter(layers, 7), "6 units do not share 4 channels");
        assertEquals(-1, BatchNormFolding.batchNormAfter(layers, 9), "dropout stands between");
        assertEquals(14, BatchNormFolding.batchNormAfter(layers, 12), "a reshape may stand between; last layer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gray28-tiny", "rgb32-tiny", "rgb64-tiny"})
    void foldedGraphsMatchDjlAndHaveNoBatchNorm(String preset) throws IOException, OrtException {
        Architecture arch = Presets.byName(preset);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            LatentNetworks networks = new LatentNetworks(arch, m);
            for (Parameter p : networks.encoderGeneratorState()) {
                NDArray a = p.getArray();
                switch (p.getType()) {
                    case GAMMA -> a.set(m.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
                    case BETA, RUNNING_MEAN -> a.set(m.randomUniform(-1, 1, a.getShape()).toFloatArray());
                    case RUNNING_VAR -> a.set(m.randomUniform(0.25f, 4, a.getShape()).toFloatArray());
                    default -> { }
                }
            }
            new OnnxExporter("test").export(networks, dir);
            for (String file : List.of(OnnxExporter.ENCODER_FILE, OnnxExporter.GENERATOR_FILE)) {
                ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve(file)));
                List<String> ops = model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
                assertFalse(ops.contains("BatchNormalization"), file + ": " + ops);
            }

            NDArray x = m.randomUniform(-1, 1, new Shape(3, arch.channels(), arch.height(), arch.width()));
            NDList encoded = networks.encode(x, false);
            NDArray z = m.randomNormal(new Shape(3, arch.latentSize()));
            NDArray images = networks.generate(z, false);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession e = env.createSession(dir.resolve(OnnxExporter.ENCODER_FILE).toString());
                    OrtSession g = env.createSession(dir.resolve(OnnxExporter.GENERATOR_FILE).toString())) {
                ExportParityTest.assertClose(encoded.get(0).toFloatArray(), run(env, e, "image", x, 0), "mu");
                ExportParityTest.assertClose(encoded.get(1).toFloatArray(), run(env, e, "image", x, 1), "log_sigma");
                ExportParityTest.assertClose(images.toFloatArray(), run(env, g, "z", z, 0), "G(z)");
            }
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, String input, NDArray value, int output)
            throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(value.toFloatArray()),
                value.getShape().getShape());
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(output)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
