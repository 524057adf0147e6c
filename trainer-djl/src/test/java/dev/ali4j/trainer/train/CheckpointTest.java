package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.objective.ObjectiveStep;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void roundTripRestoresNetworksAndOptimizerState() throws IOException {
        Architecture arch = Presets.byName("gray28-tiny");
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(4).learningRate(1e-3f).seed(3).averageDecay(0.9f).build();
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingState trained = new TrainingState(arch, config, m);
            ObjectiveStep step = trained.newStep(null, m);
            for (int i = 0; i < 2; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    step.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)), 0f);
                    trained.average().update();
                }
            }
            Checkpoint.write(file, new Checkpoint.Header(config, "random", 1, 2, trained.networks().fingerprint(), 0), trained);

            TrainingState restored = new TrainingState(arch, config, m);
            assertFalse(Arrays.equals(saved(trained.discriminatorOptimizer()::save),
                    saved(restored.discriminatorOptimizer()::save)), "a fresh state differs before loading");
            Checkpoint.Header header = Checkpoint.load(file, restored, m);

            assertEquals(2, header.step());
            assertEquals(config, header.config());
            assertEquals(2, restored.discriminatorOptimizer().steps());
            assertParametersEqual(trained.networks(), restored.networks());
            // Adam's step count and both moments, and the weight average with its update count, bit for bit.
            assertArrayEquals(saved(trained.discriminatorOptimizer()::save),
                    saved(restored.discriminatorOptimizer()::save), "D's Adam state");
            assertArrayEquals(saved(trained.encoderGeneratorOptimizer()::save),
                    saved(restored.encoderGeneratorOptimizer()::save), "E and G's Adam state");
            assertArrayEquals(saved(trained.average()::save), saved(restored.average()::save), "the weight average");
            trained.average().swap();
            restored.average().swap();
            assertParametersEqual(trained.networks(), restored.networks());
            restored.average().swap();

            // Training goes on from a loaded state (DJL's load drops the arrays' gradients).
            ObjectiveStep resumed = restored.newStep(null, m);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                ObjectiveStep.Losses losses = resumed.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)), 0f);
                assertTrue(Float.isFinite(losses.discriminator()) && Float.isFinite(losses.encoderGenerator()));
            }
            assertEquals(3, restored.discriminatorOptimizer().steps());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aCheckpointOfAnotherArchitectureVersionIsRejectedBeforeLoading() throws IOException {
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(4).learningRate(1e-3f).seed(3).averageDecay(0.9f).build();
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingState written = new TrainingState(Presets.gray28(4, 8), config, m);
            Checkpoint.write(file, new Checkpoint.Header(config, "random", 1, 0, written.networks().fingerprint(), 0), written);
            TrainingState wider = new TrainingState(Presets.gray28(5, 8), config, m);
            IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, wider, m));
            assertTrue(e.getMessage().contains("written for a different version of architecture gray28-tiny"),
                    e.getMessage());
        }
    }

    @Test
    void aTruncatedOrForeignFileIsRejectedWithItsName() throws IOException {
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "hello");
        IOException e = assertThrows(IOException.class, () -> Checkpoint.readHeader(foreign));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());

        IOException missing = assertThrows(IOException.class, () -> Checkpoint.readHeader(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
    }

    /** Writes state the way a checkpoint does. */
    private interface StateWriter {
        void save(DataOutputStream out) throws IOException;
    }

    /** The bytes {@code writer} saves: the checkpoint's form of the state, to compare exactly. */
    private static byte[] saved(StateWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.save(out);
        }
        return bytes.toByteArray();
    }

    private static void assertParametersEqual(LatentNetworks a, LatentNetworks b) {
        List<Parameter> pa = a.encoderGeneratorParameters();
        List<Parameter> pb = b.encoderGeneratorParameters();
        pa.addAll(a.discriminatorParameters());
        pb.addAll(b.discriminatorParameters());
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).getArray().toFloatArray(), pb.get(i).getArray().toFloatArray(), pa.get(i).getName());
        }
    }
}
