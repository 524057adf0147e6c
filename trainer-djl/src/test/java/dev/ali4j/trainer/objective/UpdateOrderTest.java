package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.DiscriminatorLayout;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two update orders differ in exactly one thing: which D G/E's gradient is taken against.
 *
 * <p>Simultaneous: G/E steps as if D had not moved (equal to an alternating step whose D learning
 * rate is 0), and D steps exactly as in an alternating step (so G/E's backward pass left nothing
 * on D's pending gradient).
 *
 * <p>Distances, not equality: two runs of the same step from the same seed differ by about 1.5 to 2
 * (L1 over all of E's and G's values) where a step against a D moved with learning rate 0.05
 * differs by about 120. Adam's first step is lr * sign(grad), and G's gradient at initialisation
 * is so small that the engine's floating-point noise in convolution gradients flips some signs.
 */
class UpdateOrderTest {

    /** E's, G's and D's parameters after one step from seed 5. */
    record After(List<float[]> encoderGenerator, List<float[]> discriminator) {}

    @ParameterizedTest
    @ValueSource(strings = {"ali", "gali-4"})
    void simultaneousStepsGeAgainstTheOldDAndDAsAlternatingDoes(String preset) {
        After simultaneous = oneStep(preset, UpdateOrder.SIMULTANEOUS, D_RATE);
        After alternating = oneStep(preset, UpdateOrder.ALTERNATING, D_RATE);
        After frozenD = oneStep(preset, UpdateOrder.ALTERNATING, 0f);

        double dMoved = distance(alternating.discriminator(), frozenD.discriminator());
        double dGap = distance(simultaneous.discriminator(), alternating.discriminator());
        assertTrue(dGap <= 1e-3 * dMoved, preset + ": D's update differs by " + dGap + " (it moved " + dMoved + ")");
        double againstUpdated = distance(alternating.encoderGenerator(), frozenD.encoderGenerator());
        double againstOld = distance(simultaneous.encoderGenerator(), frozenD.encoderGenerator());
        assertTrue(againstOld < 0.1 * againstUpdated, preset + ": G/E's update is " + againstOld
                + " from a step against the old D and " + againstUpdated + " from one against the updated D");
    }

    private static final float D_RATE = 0.05f;

    private static double distance(List<float[]> a, List<float[]> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                sum += Math.abs(a.get(i)[j] - b.get(i)[j]);
            }
        }
        return sum;
    }

    @org.junit.jupiter.api.Test
    void labelsParseAndUnknownOnesAreNamed() {
        assertEquals(UpdateOrder.SIMULTANEOUS, UpdateOrder.parse("Simultaneous"));
        assertEquals(UpdateOrder.ALTERNATING, UpdateOrder.defaultOrder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateOrder.parse("both"));
        assertEquals("unknown update order 'both' (known: alternating, simultaneous)", e.getMessage());
    }

    /** One step from seed 5 that updated every network ({@link SkippedSteps}). */
    private static After oneStep(String preset, UpdateOrder order, float discriminatorLearningRate) {
        return SkippedSteps.retry(preset, () -> oneStepOrNull(preset, order, discriminatorLearningRate));
    }

    /** One step from seed 5, or null if it skipped an update. */
    private static After oneStepOrNull(String preset, UpdateOrder order, float discriminatorLearningRate) {
        Architecture arch = Presets.byName("gray28-tiny");
        Objective objective = Objectives.preset(preset);
        Stabilisers stabilisers = Stabilisers.defaults().withUpdate(order);
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            LatentNetworks networks = new LatentNetworks(arch, new DiscriminatorLayout(objective.slotKinds(),
                    objective.classes(), 0, stabilisers.dropout(), false), m);
            Adam d = new Adam(networks.discriminatorParameters(), m, discriminatorLearningRate, 0.5f, 0.999f);
            Adam ge = new Adam(networks.encoderGeneratorParameters(), m, 1e-3f, 0.5f, 0.999f);
            ObjectiveStep step = new ObjectiveStep(networks, objective, stabilisers, null, d, ge, m);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                if (step.run(m.randomUniform(-1, 1, new Shape(6, 1, 28, 28)), 0f).skipped()) {
                    return null;
                }
            }
            return new After(values(networks.encoderGeneratorParameters()), values(networks.discriminatorParameters()));
        }
    }

    private static List<float[]> values(List<Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

}
