package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Presets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mu(x)}: E's mean from the same forward pass as E(x), without the noise. */
class EncoderMeanTest {

    @Test
    void muIsTheEncodersMeanAndEOfTheSameImageAddsNoiseToIt() {
        Engine.getEngine("PyTorch").setRandomSeed(13);
        try (NDManager m = NDManager.newBaseManager()) {
            LatentNetworks networks = new LatentNetworks(Presets.byName("gray28-tiny"), m);
            NDArray x = m.randomUniform(-1, 1, new Shape(6, 1, 28, 28));
            float[] expectedMu = networks.encode(x, true).get(0).toFloatArray();

            // The alice-mu preset (the demo's objective) reconstructs from these variables.
            StepVariables stochastic = new StepVariables(networks, Objectives.preset("alice-mu"), null, m, x);
            float[] mu = stochastic.get("mx").toFloatArray();
            assertArrayEquals(expectedMu, mu, 1e-6f, "mu(x) is E's mean");
            NDArray noise = stochastic.get("ex").sub(stochastic.get("mx"));
            assertTrue(noise.abs().max().getFloat() > 1e-3f, "E(x) is a sample around mu(x)");

            StepVariables deterministic = new StepVariables(networks, deterministic(), null, m, x);
            assertArrayEquals(deterministic.get("mx").toFloatArray(), deterministic.get("ex").toFloatArray(),
                    "a deterministic encoder's E(x) is mu(x)");
        }
    }

    private static Objective deterministic() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("ex", "E(x)");
        variables.put("mx", "mu(x)");
        variables.put("gz", "G(z)");
        variables.put("rx", "G(mx)");
        return Objective.compile(new ObjectiveSpec("mean", null, "deterministic", variables,
                List.of(List.of("x", "ex"), List.of("gz", "z")), List.of(List.of("x", "rx")), 1f));
    }
}
