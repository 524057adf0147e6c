package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Presets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Gfixed(ex)}: a loss on it reaches E through G's input, and never G's own weights. */
class FixedGeneratorTest {

    @ParameterizedTest
    @CsvSource({"G, true", "Gfixed, false"})
    void aReconstructionThroughGfixedTrainsEOnly(String generator, boolean trainsG) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("ex", "E(x)");
        variables.put("gz", "G(z)");
        variables.put("rx", generator + "(ex)");
        Objective objective = Objective.compile(new ObjectiveSpec("fixed", null, null, variables,
                List.of(List.of("x", "ex"), List.of("gz", "z")), List.of(List.of("x", "rx")), 1f));
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            LatentNetworks networks = new LatentNetworks(Presets.byName("gray28-tiny"), m);
            NDArray x = m.randomUniform(-1, 1, new Shape(6, 1, 28, 28));
            try (GradientCollector collector = engine.newGradientCollector()) {
                StepVariables step = new StepVariables(networks, objective, null, m, x);
                collector.backward(x.sub(step.get("rx")).square().mean());
            }
            assertTrue(gradientNorm(networks.encoderParameters()) > 0, "E learns from the reconstruction");
            double g = gradientNorm(networks.generatorParameters());
            assertEquals(trainsG, g > 0, generator + "(ex) gives G a gradient of norm " + g);
            for (Parameter p : networks.generatorParameters()) {
                assertTrue(p.requiresGradient(), p.getName() + " is thawed again");
            }
            // Thawed in the engine too: a loss through G(z) afterwards reaches G's weights.
            try (GradientCollector collector = engine.newGradientCollector()) {
                StepVariables step = new StepVariables(networks, objective, null, m, x);
                collector.backward(step.get("gz").square().mean());
            }
            assertTrue(gradientNorm(networks.generatorParameters()) > 0, "G trains again after " + generator);
        }
    }

    private static double gradientNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += p.getArray().getGradient().square().sum().getFloat();
        }
        return Math.sqrt(sum);
    }
}
