package dev.ali4j.trainer.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.train.TrainingConfig;
import dev.ali4j.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the wiring of one {@link ObjectiveStep}: which loss each phase minimises, on which
 * parameters, against which D, and that no phase leaves gradients behind. {@link ObjectiveStepTest}
 * only checks that losses are finite and that parameters move, which a step that helps D instead
 * of opposing it also satisfies.
 *
 * <p>Every check runs for ALI (K = 2) and GALI-4 (K = 4) on the {@code gray28-tiny} networks, with
 * no dropout, no instance noise and no spectral norm, so that the step is a deterministic function
 * of the engine's seed: re-seeding and rebuilding the {@link StepVariables} reproduces the step's
 * z and reparameterisation noise, and the test replays each phase with losses written here from
 * SPEC.md's formulas (not with {@link TupleLosses}). The replay feeds D one tuple type at a time,
 * which equals the step's single concatenated batch because D has no batch norm.
 *
 * <p>Adam's first step moves each weight by -lr * g / (|g| + eps) (both bias corrections cancel),
 * so the step's update reveals its gradient's sign, element by element, which the exact-update
 * tests compare with the replayed gradient.
 *
 * <p>Mutations of {@code ObjectiveStep} run locally (never committed) and the tests that failed:
 * <ul>
 *   <li>G/E phase minimising {@code TupleLosses.discriminator} instead of {@code encoderGenerator}:
 *       {@link #encoderGeneratorPhaseFollowsTheNonSaturatingLossAgainstTheUpdatedD} (every update
 *       sign flipped) and {@link #eachPhaseMovesItsLossTheRightWay} (D's loss falls in the G/E
 *       phase), for ALI and GALI-4.
 *   <li>D not frozen in the G/E phase ({@code freezeDiscriminator(false)}):
 *       {@link #noGradientIsLeftBehindAndDIsThawed} (G/E's gradient stays on D), for both.
 * </ul>
 * Designed for, not yet run: no detach in the D phase, D phase minimising
 * {@code encoderGenerator}, G/E loss against D before its update, tuple types reversed in the D
 * phase, G/E optimizer not stepped.
 *
 * <p>The engine fault these tests first tripped on (oneDNN's AVX-512 and AVX2 kernels giving NaN or
 * wrong input gradients at random) is kept out by {@code ONEDNN_MAX_CPU_ISA=AVX} in the build and
 * checked by {@code EngineCheck}. It still strikes rarely under AVX (docs/RESULTS.md): a step whose
 * gradient came out non-finite is skipped, leaving nothing to compare, so such a step is run again
 * from scratch ({@link StepRun#unskipped}; once in CI, GALI-4 seed 3's G/E update was skipped and
 * D's loss stayed bit for bit the same). Networks start at
 * N(0, 0.01), where the tiny networks' gradients sit at float noise, so their weights are scaled by
 * {@link #WEIGHT_SCALE} before the step.
 *
 * <p>The G/E replay is against D after its update, i.e. the default, alternating order
 * ({@link UpdateOrderTest} covers the simultaneous one).
 */
class ObjectiveStepWiringTest {

    private static final String ARCHITECTURE = "gray28-tiny";
    private static final int BATCH = 6;
    /** No dropout, no noise, no spectral norm, one D update: a deterministic step. */
    private static final Stabilisers PLAIN = new Stabilisers(false, 0f, 0f, 1, false);
    /** Adam's epsilon, as in {@code dev.ali4j.trainer.optim.Adam}. */
    private static final double ADAM_EPSILON = 1e-8;
    /**
     * Gradients smaller than this are float noise for the update comparison (e.g. conv biases
     * followed by batch norm, whose true gradient is 0).
     */
    private static final double TINY_GRADIENT = 1e-8;
    /** Weights are initialised at N(0, 0.01) and multiplied by this before the step. */
    private static final float WEIGHT_SCALE = 5f;

    /** The step under test, built the way training builds it. Adapt here if its constructor changes. */
    private static ObjectiveStep newStep(TrainingState state, NDManager manager) {
        return state.newStep(null, manager);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali", "gali-4"})
    void discriminatorPhaseFollowsDsLossOnDetachedTuples(String preset) {
        try (StepRun run = StepRun.unskipped(preset, 1e-2f, 7)) {
            run.setParameters(run.d0, run.eg0);
            List<float[]> grad = run.gradients(false, run.d);
            assertAdamFirstStep(run.lr, run.d0, run.d1, grad, preset + ": D's update");
            run.setParameters(run.d0, run.eg0);
            float expected = discriminatorLoss(run.replayLogits()).getFloat();
            assertEquals(expected, run.losses.discriminator(), 1e-5,
                    preset + ": the reported D loss is (2/K) sum_k CE(D(t_k), k) before D's update");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali", "gali-4"})
    void encoderGeneratorPhaseFollowsTheNonSaturatingLossAgainstTheUpdatedD(String preset) {
        try (StepRun run = StepRun.unskipped(preset, 1e-2f, 7)) {
            // E and G as before the step, D as after its update.
            run.setParameters(run.d1, run.eg0);
            List<float[]> grad = run.gradients(true, run.eg);
            assertAdamFirstStep(run.lr, run.eg0, run.eg1, grad, preset + ": E and G's update");
            run.setParameters(run.d1, run.eg0);
            float expected = encoderGeneratorLoss(run.replayLogits()).getFloat();
            assertEquals(expected, run.losses.encoderGenerator(), 1e-5, preset
                    + ": the reported G/E loss is (2/(K(K-1))) sum_k sum_{j != k} CE(D(t_k), j) against the updated D");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali", "gali-4"})
    void noGradientIsLeftBehindAndDIsThawed(String preset) {
        try (StepRun run = StepRun.unskipped(preset, 1e-2f, 7)) {
            for (Parameter p : run.d) {
                assertTrue(p.requiresGradient() && p.getArray().hasGradient(),
                        preset + ": D parameter " + p.getName() + " is still frozen after the step");
            }
            List<Parameter> all = new ArrayList<>(run.d);
            all.addAll(run.eg);
            for (Parameter p : all) {
                try (NDArray g = p.getArray().getGradient()) {
                    assertEquals(0f, g.abs().max().getFloat(), preset + ": parameter " + p.getName()
                            + " keeps a gradient after the step, which would leak into its next update");
                }
            }
        }
    }

    /**
     * With a small learning rate first-order effects dominate: D's update lowers D's loss, and the
     * G/E update (same batch, z and noise) lowers G/E's loss and raises D's. Three seeds, each
     * checked.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ali", "gali-4"})
    void eachPhaseMovesItsLossTheRightWay(String preset) {
        for (int seed : new int[] {3, 17, 29}) {
            try (StepRun run = StepRun.unskipped(preset, 1e-4f, seed)) {
                String where = preset + ", seed " + seed + ": ";
                float dBefore = TupleLosses.discriminator(run.logitsWith(run.d0, run.eg0)).getFloat();
                float dAfterD = TupleLosses.discriminator(run.logitsWith(run.d1, run.eg0)).getFloat();
                float dAfterGe = TupleLosses.discriminator(run.logitsWith(run.d1, run.eg1)).getFloat();
                float geBefore = TupleLosses.encoderGenerator(run.logitsWith(run.d1, run.eg0)).getFloat();
                float geAfter = TupleLosses.encoderGenerator(run.logitsWith(run.d1, run.eg1)).getFloat();
                assertTrue(dAfterD < dBefore, where + "D's update must lower D's loss: " + dBefore + " -> " + dAfterD);
                assertTrue(dAfterGe > dAfterD,
                        where + "G/E's update must raise D's loss: " + dAfterD + " -> " + dAfterGe);
                assertTrue(geAfter < geBefore,
                        where + "G/E's update must lower G/E's loss: " + geBefore + " -> " + geAfter);
            }
        }
    }

    private static void scaleWeights(Parameter p) {
        if (p.getType() == Parameter.Type.WEIGHT) {
            p.getArray().muli(WEIGHT_SCALE);
        }
    }

    /** One step of a preset on a fixed batch, with every network's weights before and after it. */
    private static final class StepRun implements AutoCloseable {
        final NDManager m = NDManager.newBaseManager();
        final float lr;
        final int stepSeed;
        final Objective objective;
        final TrainingState state;
        final NDArray images;
        final List<Parameter> d;
        final List<Parameter> eg;
        final List<float[]> d0;
        final List<float[]> eg0;
        final List<float[]> d1;
        final List<float[]> eg1;
        final ObjectiveStep.Losses losses;

        /** A step of the preset that updated every network (see the class comment). */
        static StepRun unskipped(String preset, float lr, int seed) {
            return SkippedSteps.retry(preset + ", seed " + seed, () -> {
                StepRun run = new StepRun(preset, lr, seed);
                if (!run.losses.skipped()) {
                    return run;
                }
                run.close();
                return null;
            });
        }

        private StepRun(String preset, float lr, int seed) {
            this.lr = lr;
            this.stepSeed = seed + 1000;
            Architecture arch = Presets.byName(ARCHITECTURE);
            TrainingConfig config = TrainingConfig.builder().architecture(ARCHITECTURE).epochs(1).batchSize(BATCH).learningRate(lr).seed(seed).averageDecay(0f)
                    .objective(preset).stabilisers(PLAIN).build();
            objective = Objectives.preset(preset);
            Engine.getEngine("PyTorch").setRandomSeed(seed);
            state = new TrainingState(arch, config, m);
            // At N(0, 0.01) the tiny networks' gradients sit at float noise; N(0, 0.05) lifts them.
            for (Parameter p : state.networks().encoderGeneratorParameters()) {
                scaleWeights(p);
            }
            for (Parameter p : state.networks().discriminatorParameters()) {
                scaleWeights(p);
            }
            images = m.randomUniform(-1, 1, new Shape(BATCH, arch.channels(), arch.height(), arch.width()));
            d = state.networks().discriminatorParameters();
            eg = state.networks().encoderGeneratorParameters();
            d0 = values(d);
            eg0 = values(eg);
            ObjectiveStep step = newStep(state, m);
            Engine.getEngine("PyTorch").setRandomSeed(stepSeed);
            losses = step.run(images, 0f);
            d1 = values(d);
            eg1 = values(eg);
            assertFinite(d1, preset + ": D after the step");
            assertFinite(eg1, preset + ": E and G after the step");
        }

        /**
         * D's logits for each tuple type, computed with the networks' current weights on the
         * step's batch, z and noise (the same draws, in the same order, as the step's).
         */
        List<NDArray> replayLogits() {
            Engine.getEngine("PyTorch").setRandomSeed(stepSeed);
            StepVariables variables = new StepVariables(state.networks(), objective, null, m, images);
            List<NDArray> logits = new ArrayList<>();
            for (NDList slots : variables.tuples()) {
                logits.add(state.networks().discriminate(slots, true));
            }
            return logits;
        }

        List<NDArray> logitsWith(List<float[]> dValues, List<float[]> egValues) {
            setParameters(dValues, egValues);
            return replayLogits();
        }

        /**
         * The gradient, on {@code of}, of this test's own D loss (false) or G/E loss (true) at the
         * current weights; every gradient is zeroed afterwards.
         */
        List<float[]> gradients(boolean encoderGenerator, List<Parameter> of) {
            // See the class comment: D's input gradient is sometimes NaN on this engine; retry the
            // replay (never the step) a few times.
            for (int attempt = 0; attempt < 5; attempt++) {
                clearGradients();
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    List<NDArray> logits = replayLogits();
                    collector.backward(encoderGenerator ? encoderGeneratorLoss(logits) : discriminatorLoss(logits));
                }
                List<float[]> out = new ArrayList<>();
                boolean finite = true;
                for (Parameter p : of) {
                    try (NDArray g = p.getArray().getGradient()) {
                        float[] values = g.toFloatArray();
                        for (float v : values) {
                            finite &= Float.isFinite(v);
                        }
                        out.add(values);
                    }
                }
                clearGradients();
                if (finite) {
                    return out;
                }
            }
            throw new AssertionError("the replayed gradient was not finite in 5 attempts");
        }

        /** Zeroes every gradient with a fill: subtracting a gradient from itself keeps a NaN. */
        void clearGradients() {
            List<Parameter> all = new ArrayList<>(d);
            all.addAll(eg);
            for (Parameter p : all) {
                try (NDArray g = p.getArray().getGradient()) {
                    g.set(new NDIndex(":"), 0);
                }
            }
        }

        void setParameters(List<float[]> dValues, List<float[]> egValues) {
            for (int i = 0; i < d.size(); i++) {
                overwrite(d.get(i).getArray(), dValues.get(i));
            }
            for (int i = 0; i < eg.size(); i++) {
                overwrite(eg.get(i).getArray(), egValues.get(i));
            }
        }

        /**
         * Writes values into a weight with tensor operations. Not {@code NDArray.set(float[])}: on
         * PyTorch that makes the weight's storage a Java buffer, and NaNs appeared after it.
         */
        private void overwrite(NDArray weight, float[] values) {
            try (NDArray source = m.create(values, weight.getShape())) {
                weight.muli(0).addi(source);
            }
        }

        @Override
        public void close() {
            m.close();
        }
    }

    private static void assertFinite(List<float[]> arrays, String what) {
        for (int i = 0; i < arrays.size(); i++) {
            for (float v : arrays.get(i)) {
                assertTrue(Float.isFinite(v), what + ": parameter " + i + " is not finite");
            }
        }
    }

    private static List<float[]> values(List<Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    /** log softmax over classes, written out: l - log sum_j exp(l_j). */
    private static NDArray logProbabilities(NDArray logits) {
        return logits.sub(logits.exp().sum(new int[] {1}, true).log());
    }

    /** SPEC.md: L_D = (2/K) sum_k CE(D(t_k), k), each CE averaged over the batch. */
    private static NDArray discriminatorLoss(List<NDArray> logits) {
        int k = logits.size();
        NDArray total = null;
        for (int c = 0; c < k; c++) {
            NDArray ce = logProbabilities(logits.get(c)).get(":, " + c).neg().mean();
            total = total == null ? ce : total.add(ce);
        }
        return total.mul((float) (2.0 / k));
    }

    /** SPEC.md: L_GE = (2/(K(K-1))) sum_k sum_{j != k} CE(D(t_k), j). */
    private static NDArray encoderGeneratorLoss(List<NDArray> logits) {
        int k = logits.size();
        NDArray total = null;
        for (int c = 0; c < k; c++) {
            NDArray logP = logProbabilities(logits.get(c));
            for (int j = 0; j < k; j++) {
                if (j != c) {
                    NDArray ce = logP.get(":, " + j).neg().mean();
                    total = total == null ? ce : total.add(ce);
                }
            }
        }
        return total.mul((float) (2.0 / (k * (k - 1))));
    }

    /**
     * {@code after - before} is Adam's first step from {@code gradient}: -lr * g / (|g| + eps) for
     * every element whose gradient is not float noise, at most lr in size for the others. Most
     * elements must be checkable, so that the test cannot pass vacuously.
     */
    private static void assertAdamFirstStep(float lr, List<float[]> before, List<float[]> after,
            List<float[]> gradient, String what) {
        long checked = 0;
        long total = 0;
        for (int i = 0; i < before.size(); i++) {
            float[] b = before.get(i);
            float[] a = after.get(i);
            float[] g = gradient.get(i);
            double largest = 0;
            for (float v : g) {
                largest = Math.max(largest, Math.abs(v));
            }
            // Float noise of the replay is relative to the parameter's largest gradient.
            double noise = Math.max(TINY_GRADIENT, 1e-2 * largest);
            for (int e = 0; e < b.length; e++) {
                double moved = (double) a[e] - b[e];
                double tolerance = 0.02 * lr + 4 * Math.ulp(Math.max(Math.abs(a[e]), Math.abs(b[e])));
                total++;
                if (Math.abs(g[e]) > noise) {
                    checked++;
                    double expected = -lr * g[e] / (Math.abs(g[e]) + ADAM_EPSILON);
                    if (Math.abs(moved - expected) > tolerance) {
                        throw new AssertionError(what + ": parameter " + i + " element " + e + " moved by " + moved
                                + ", expected " + expected + " from the gradient " + g[e]);
                    }
                } else if (Math.abs(moved) > lr + tolerance) {
                    throw new AssertionError(what + ": parameter " + i + " element " + e + " moved by " + moved
                            + ", more than one Adam step");
                }
            }
        }
        assertTrue(checked > 0.5 * total, what + ": only " + checked + " of " + total
                + " elements have a gradient above the noise");
    }
}
