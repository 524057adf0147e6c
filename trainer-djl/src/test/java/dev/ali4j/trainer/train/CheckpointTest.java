package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        TrainingConfig config = new TrainingConfig(arch.name(), 1, 4, 1e-3f, 0.5f, 0.999f, 3, 0);
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            AliNetworks trained = new AliNetworks(arch, m);
            Adam d = new Adam(trained.discriminatorParameters(), m, 1e-3f, 0.5f, 0.999f);
            Adam ge = new Adam(trained.encoderGeneratorParameters(), m, 1e-3f, 0.5f, 0.999f);
            AliStep step = new AliStep(trained, d, ge, m);
            for (int i = 0; i < 2; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    step.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)));
                }
            }
            Checkpoint.write(file, new Checkpoint.Header(config, "random", 1, 2), trained, d, ge);

            AliNetworks restored = new AliNetworks(arch, m);
            Adam d2 = new Adam(restored.discriminatorParameters(), m, 1e-3f, 0.5f, 0.999f);
            Adam ge2 = new Adam(restored.encoderGeneratorParameters(), m, 1e-3f, 0.5f, 0.999f);
            Checkpoint.Header header = Checkpoint.load(file, restored, m, d2, ge2);

            assertEquals(2, header.step());
            assertEquals(config, header.config());
            assertEquals(2, d2.steps());
            assertParametersEqual(trained, restored);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
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

    private static void assertParametersEqual(AliNetworks a, AliNetworks b) {
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
