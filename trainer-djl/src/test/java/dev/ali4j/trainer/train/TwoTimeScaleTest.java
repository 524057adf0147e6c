package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.objective.ObjectiveStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --d-lr}: D's optimizer steps with its own learning rate, E's and G's with theirs. */
class TwoTimeScaleTest {

    @Test
    void dLearnsAtItsOwnRateAndEAndGAtTheirs() {
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").batchSize(4).learningRate(1e-3f)
                .discriminatorLearningRate(1e-9f).seed(3).build();
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingState state = new TrainingState(Presets.byName("gray28-tiny"), config, m);
            List<float[]> d = values(state.networks().discriminatorParameters());
            List<float[]> eg = values(state.networks().encoderGeneratorParameters());
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                ObjectiveStep step = state.newStep(null, m);
                assertFalse(step.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)), 0f).skipped(),
                        "a skipped update would leave every weight in place");
            }
            // Adam's first step moves every weight by about its learning rate, whatever the gradient's size.
            assertTrue(largestChange(d, state.networks().discriminatorParameters()) < 1e-6f, "D at 1e-9");
            assertTrue(largestChange(eg, state.networks().encoderGeneratorParameters()) > 1e-4f, "E and G at 1e-3");
        }
    }

    @Test
    void dDefaultsToTheSharedRateAlsoInCheckpointsWrittenBeforeItExisted() throws Exception {
        TrainingConfig shared = TrainingConfig.builder().learningRate(3e-4f).build();
        assertEquals(3e-4f, shared.discriminatorLearningRate());
        assertEquals(8e-4f, shared.toBuilder().discriminatorLearningRate(8e-4f).build().discriminatorLearningRate());

        // A shared rate stays shared when the builder changes it; an own rate stays put.
        assertEquals(5e-4f, shared.toBuilder().learningRate(5e-4f).build().discriminatorLearningRate());
        TrainingConfig two = shared.toBuilder().discriminatorLearningRate(8e-4f).build();
        assertEquals(8e-4f, two.toBuilder().learningRate(5e-4f).build().discriminatorLearningRate());

        // Checkpoints are read with a plain ObjectMapper, as here.
        ObjectMapper json = new ObjectMapper();
        ObjectNode old = json.valueToTree(shared);
        old.remove("discriminatorLearningRate");
        assertEquals(shared, json.treeToValue(old, TrainingConfig.class));
    }

    @Test
    void aRateOfZeroOrLessIsRefusedAtBuild() {
        for (float rate : new float[] {0f, -1f, Float.NaN}) {
            TrainingConfig.Builder builder = TrainingConfig.builder().discriminatorLearningRate(rate);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertEquals("D's learning rate must be positive, got " + rate, e.getMessage());
        }
    }

    private static List<float[]> values(List<Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        parameters.forEach(p -> out.add(p.getArray().toFloatArray()));
        return out;
    }

    private static float largestChange(List<float[]> before, List<Parameter> after) {
        float largest = 0;
        for (int i = 0; i < before.size(); i++) {
            NDArray now = after.get(i).getArray();
            float[] values = now.toFloatArray();
            for (int j = 0; j < values.length; j++) {
                largest = Math.max(largest, Math.abs(values[j] - before.get(i)[j]));
            }
        }
        return largest;
    }
}
