package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibilityTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameParametersAndAnotherSeedDoesNot() throws IOException {
        DataSplits data = DataSets.open("embedded");
        List<float[]> first = trainAndRead(data, 11, "a");
        List<float[]> second = trainAndRead(data, 11, "b");
        List<float[]> other = trainAndRead(data, 12, "c");
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "parameter " + i);
        }
        assertFalse(Arrays.equals(first.get(0), other.get(0)), "a different seed must change the model");
    }

    private List<float[]> trainAndRead(DataSplits data, long seed, String name) throws IOException {
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(10).learningRate(1e-3f).seed(seed).trainLimit(40).averageDecay(0.99f).build();
        Path run = dir.resolve(name);
        new LatentModelTrainer(config).fit(data, run);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingState state = new TrainingState(Presets.byName("gray28-tiny"), config, m);
            Checkpoint.load(run.resolve(Checkpoint.FILE_NAME), state, m);
            LatentNetworks networks = state.networks();
            List<float[]> values = new ArrayList<>();
            for (Parameter p : networks.encoderGeneratorParameters()) {
                values.add(p.getArray().toFloatArray());
            }
            for (Parameter p : networks.discriminatorParameters()) {
                values.add(p.getArray().toFloatArray());
            }
            return values;
        }
    }
}
