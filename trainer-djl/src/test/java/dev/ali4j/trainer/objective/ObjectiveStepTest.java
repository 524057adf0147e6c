package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.train.TrainingConfig;
import dev.ali4j.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every objective runs through the one step: D, E and G all learn; a frozen M never does. */
class ObjectiveStepTest {

    static List<String> presets() {
        return Objectives.names();
    }

    /** A real, small, frozen DJL network standing for the pre-trained classifier. */
    static final class FrozenLinearFeatures implements FeatureModel {
        final SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(6).build());
        final ParameterStore store;

        FrozenLinearFeatures(NDManager manager, Architecture arch) {
            block.initialize(manager, DataType.FLOAT32, new Shape(2, arch.channels(), arch.height(), arch.width()));
            block.freezeParameters(true);
            store = new ParameterStore(manager, false);
        }

        @Override
        public NDArray features(NDArray images) {
            return block.forward(store, new NDList(images), false).singletonOrThrow();
        }

        @Override
        public int featureSize() {
            return 6;
        }
    }

    @Test
    void withAlisTuplesTheEngineComputesAlisLosses() {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            Architecture arch = Presets.byName("gray28-tiny");
            dev.ali4j.trainer.arch.LatentNetworks networks = new dev.ali4j.trainer.arch.LatentNetworks(arch, m);
            NDArray x = m.randomUniform(-1, 1, new Shape(6, 1, 28, 28));
            NDArray z = m.randomNormal(new Shape(6, arch.latentSize()));
            NDArray ex = networks.encode(x, false).get(0);
            NDArray gz = networks.generate(z, false);
            // Inference mode: no dropout, so both calls see the same D.
            NDArray real = networks.discriminate(new NDList(x, ex), false);
            NDArray fake = networks.discriminate(new NDList(gz, z), false);
            assertArrayEquals(new float[6], real.get(":, 1").toFloatArray(), "the last logit is pinned to 0");
            float[] r = real.get(":, 0").toFloatArray();
            float[] f = fake.get(":, 0").toFloatArray();
            double d = 0;
            double ge = 0;
            for (int i = 0; i < 6; i++) {
                d += (softplus(-r[i]) + softplus(f[i])) / 6;
                ge += (softplus(r[i]) + softplus(-f[i])) / 6;
            }
            org.junit.jupiter.api.Assertions.assertEquals(d,
                    TupleLosses.discriminator(List.of(real, fake)).getFloat(), 1e-5);
            org.junit.jupiter.api.Assertions.assertEquals(ge,
                    TupleLosses.encoderGenerator(List.of(real, fake)).getFloat(), 1e-5);
        }
    }

    private static double softplus(double v) {
        return Math.log1p(Math.exp(v));
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetTrainsEncoderGeneratorAndDiscriminator(String preset) {
        runAndCheck(preset, Stabilisers.defaults());
    }

    @Test
    void everyStabiliserRunsTogether() {
        runAndCheck("gali-4", new Stabilisers(true, 0.1f, 0.3f, 2, true));
    }

    /** A step reports whether the clip or the spike guard scaled an update down; an ordinary one is left alone. */
    @Test
    void aStepSaysWhenItsGradientWasScaledDown() {
        Architecture arch = Presets.byName("gray28-tiny");
        for (float clip : new float[] {0f, 1e-6f}) {
            TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(4)
                    .seed(3).objective("ali").stabilisers(Stabilisers.defaults().withGradientClip(clip)).build();
            Engine.getEngine("PyTorch").setRandomSeed(11);
            try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                ObjectiveStep step = new TrainingState(arch, config, m).newStep(null, m);
                for (int i = 0; i < 3; i++) {
                    ObjectiveStep.Losses losses = step.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)), 0f);
                    assertEquals(clip > 0, losses.clipped(), "clip " + clip + ", step " + i + ": " + losses);
                }
            }
        }
    }

    /**
     * A batch whose gradients are not finite (here: NaN pixels) leaves every weight as it was, and
     * the next, ordinary batch trains as usual: the bad gradient was discarded, not kept.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ali", "gali-4"})
    void aStepWithNonFiniteGradientsIsSkippedAndTrainingGoesOn(String preset) {
        Architecture arch = Presets.byName("gray28-tiny");
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(4).learningRate(1e-3f).seed(3).averageDecay(0f)
                .objective(preset).stabilisers(Stabilisers.defaults()).build();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingState state = new TrainingState(arch, config, m);
            ObjectiveStep step = state.newStep(null, m);
            List<float[]> before = snapshot(state.networks().encoder().getParameters());
            before.addAll(snapshot(state.networks().generator().getParameters()));
            before.addAll(snapshot(state.networks().discriminator().getParameters()));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray poisoned = m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)).mul(Float.NaN);
                ObjectiveStep.Losses losses = step.run(poisoned, 0f);
                assertTrue(losses.skipped(), preset + ": " + losses);
            }
            List<float[]> after = snapshot(state.networks().encoder().getParameters());
            after.addAll(snapshot(state.networks().generator().getParameters()));
            after.addAll(snapshot(state.networks().discriminator().getParameters()));
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), preset + ": parameter " + i + " moved on a skipped step");
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                ObjectiveStep.Losses losses = step.run(m.randomUniform(-1, 1, new Shape(4, 1, 28, 28)), 0f);
                assertFalse(losses.skipped(), preset + ": " + losses);
                assertTrue(Float.isFinite(losses.discriminator()) && Float.isFinite(losses.encoderGenerator()));
            }
            List<float[]> trained = snapshot(state.networks().encoder().getParameters());
            assertChanged(before.subList(0, trained.size()), trained, preset + " encoder after the next step");
            for (float[] values : trained) {
                for (float v : values) {
                    assertTrue(Float.isFinite(v), preset + ": a NaN gradient leaked into the next step");
                }
            }
        }
    }

    private static void runAndCheck(String preset, Stabilisers stabilisers) {
        Architecture arch = Presets.byName("gray28-tiny");
        TrainingConfig config = TrainingConfig.builder().architecture("gray28-tiny").epochs(1).batchSize(4).learningRate(1e-3f).seed(3).averageDecay(0f)
                .objective(preset).stabilisers(stabilisers).build();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            Objective objective = Objectives.preset(preset);
            FrozenLinearFeatures model = objective.usesFeatures() ? new FrozenLinearFeatures(m, arch) : null;
            TrainingState state = new TrainingState(arch, config, model == null ? 0 : model.featureSize(), m);
            ObjectiveStep step = state.newStep(model, m);
            List<float[]> e = snapshot(state.networks().encoder().getParameters());
            List<float[]> g = snapshot(state.networks().generator().getParameters());
            List<float[]> d = snapshot(state.networks().discriminator().getParameters());
            List<float[]> frozen = model == null ? List.of() : snapshot(model.block.getParameters());
            for (int i = 0; i < 2; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray images = m.randomUniform(-1, 1, new Shape(4, 1, 28, 28));
                    if (i == 0 && stabilisers.outputBias()) {
                        state.networks().initialiseOutputBias(images);
                    }
                    ObjectiveStep.Losses losses = step.run(images, stabilisers.instanceNoise());
                    assertTrue(Float.isFinite(losses.discriminator()) && Float.isFinite(losses.encoderGenerator()),
                            preset + ": " + losses);
                }
            }
            assertChanged(e, snapshot(state.networks().encoder().getParameters()), preset + " encoder");
            assertChanged(g, snapshot(state.networks().generator().getParameters()), preset + " generator");
            assertChanged(d, snapshot(state.networks().discriminator().getParameters()), preset + " discriminator");
            if (model != null) {
                List<float[]> after = snapshot(model.block.getParameters());
                for (int i = 0; i < frozen.size(); i++) {
                    assertArrayEquals(frozen.get(i), after.get(i), "the pre-trained model must stay frozen");
                }
            }
        }
    }

    private static List<float[]> snapshot(ai.djl.util.PairList<String, Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    /** Every trainable array has moved. */
    private static void assertChanged(List<float[]> before, List<float[]> after, String what) {
        assertFalse(before.isEmpty(), what);
        for (int i = 0; i < before.size(); i++) {
            assertFalse(java.util.Arrays.equals(before.get(i), after.get(i)), what + " parameter " + i + " did not learn");
        }
    }
}
