package dev.ali4j.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.objective.Stabilisers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failure gradient clipping and the spike guard prevent, on one weight: a single gradient 10^7
 * times the usual fills Adam's second moment (beta2 0.999), and 30 steps later the weight still
 * barely moves; clipped to 100 first, or held by the guard to 50 times its recent size, the same
 * spike leaves later steps more than 50 times larger.
 */
class AdamClippingTest {
    private static final float LR = 0.01f;

    @Test
    void oneOutsizedGradientStallsAdamUnlessItIsClipped() {
        Stabilisers unguarded = Stabilisers.defaults().withSpikeGuard(0f);
        float stalled = stepAfterSpike(unguarded);
        float clipped = stepAfterSpike(unguarded.withGradientClip(100f));
        assertTrue(stalled < 1e-3f * LR, "unclipped, a step 30 steps after the spike moved " + stalled);
        // Clipped to 100 times the usual gradient, the spike still weighs (1/16 of lr), but 50 times less.
        assertTrue(clipped > 0.03f * LR && clipped > 50 * stalled, "clipped, a step 30 steps after the spike moved "
                + clipped + ", unclipped " + stalled);
    }

    @Test
    void theDefaultSpikeGuardKeepsAdamMovingAfterTheSameSpike() {
        float stalled = stepAfterSpike(Stabilisers.defaults().withSpikeGuard(0f));
        float guarded = stepAfterSpike(Stabilisers.defaults());
        // Held to 50 times the recent gradient, the spike weighs like the clip of 100 above, 50 times less.
        assertTrue(guarded > 0.03f * LR && guarded > 50 * stalled, "guarded, a step 30 steps after the spike moved "
                + guarded + ", unguarded " + stalled);
        assertTrue(Math.abs(stepAfterSpike(Stabilisers.defaults().withSpikeGuard(1e9f)) - stalled) < 1e-9f,
                "a guard above the spike does nothing");
    }

    /** How far the weight moves in one ordinary step, 30 ordinary steps after one spike. */
    private static float stepAfterSpike(Stabilisers stabilisers) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter weight = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                    .optArray(manager.ones(new Shape(1))).build();
            weight.getArray().setRequiresGradient(true);
            Adam adam = new Adam(List.of(weight), manager, LR, 0.5f, 0.999f);
            for (int step = 0; step < 10; step++) {
                update(adam, weight, 1f, stabilisers);
            }
            update(adam, weight, 1e7f, stabilisers);
            for (int step = 0; step < 30; step++) {
                update(adam, weight, 1f, stabilisers);
            }
            float before = weight.getArray().getFloat();
            update(adam, weight, 1f, stabilisers);
            return Math.abs(weight.getArray().getFloat() - before);
        }
    }

    /** One Adam step on the loss gradient * w, whose gradient is {@code gradient}. */
    private static void update(Adam adam, Parameter weight, float gradient, Stabilisers stabilisers) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(weight.getArray().mul(gradient).sum());
        }
        adam.step(stabilisers.gradientScale(Math.abs(gradient), adam.recentGradientNorm()));
    }
}
