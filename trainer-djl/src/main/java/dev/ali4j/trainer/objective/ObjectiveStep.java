package dev.ali4j.trainer.objective;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.SlotKind;
import dev.ali4j.trainer.optim.Adam;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step of any tuple objective: D updates on the K tuple types, then a G/E update
 * against the updated D (or, with {@link UpdateOrder#SIMULTANEOUS}, against the same D, both
 * stepping afterwards). ALI, BiGAN, ALICE and every GALI variant run through this one loop;
 * they differ only in their {@link Objective}.
 *
 * <p>The step's variables are computed once, with their graph kept, and serve both phases:
 * detached in the D phase (so D's loss never reaches E or G) and attached in the G/E phase,
 * where D's parameters are frozen (so G/E's loss leaves no gradient on D). DJL allows one
 * gradient collector at a time and the optimizer must run outside it, hence one collector per
 * phase. All K tuple batches go through D as one batch. The caller wraps the call in an
 * {@code NDScope}.
 */
public final class ObjectiveStep {

    private final LatentNetworks networks;
    private final List<Parameter> discriminatorParameters;
    private final List<Parameter> encoderParameters;
    private final List<Parameter> generatorParameters;
    private final Objective objective;
    private final Stabilisers stabilisers;
    private final FeatureModel model;
    private final Adam discriminatorOptimizer;
    private final Adam encoderGeneratorOptimizer;
    private final NDManager manager;
    private final Engine engine;

    /**
     * @param model the frozen pre-trained model, or null if the objective has no {@code M(...)}
     */
    public ObjectiveStep(LatentNetworks networks, Objective objective, Stabilisers stabilisers, FeatureModel model,
            Adam discriminatorOptimizer, Adam encoderGeneratorOptimizer, NDManager manager) {
        if (objective.usesFeatures() && model == null) {
            throw new IllegalArgumentException("objective " + objective.name()
                    + " uses features M(x) of a pre-trained classifier: pass --classifier DIR "
                    + "(train one with ./ali train-classifier)");
        }
        if (networks.discriminator().layout().classes() != objective.classes()
                || !networks.discriminator().layout().slots().equals(objective.slotKinds())) {
            throw new IllegalArgumentException("the discriminator was built for another objective than " + objective);
        }
        this.networks = networks;
        this.discriminatorParameters = networks.discriminatorParameters();
        this.encoderParameters = networks.encoderParameters();
        this.generatorParameters = networks.generatorParameters();
        this.objective = objective;
        this.stabilisers = stabilisers;
        this.model = model;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.encoderGeneratorOptimizer = encoderGeneratorOptimizer;
        this.manager = manager;
        this.engine = manager.getEngine();
    }

    /**
     * What one step did: D's loss (of its last update), G/E's loss (reconstruction terms included),
     * the step's {@link Telemetry}, whether an update was skipped because its gradient was not
     * finite (NaN or infinite: the weights then stay as they were), and whether an update's
     * gradient was scaled down by the clip or the spike guard ({@link Stabilisers#gradientScale}).
     */
    public record Losses(float discriminator, float encoderGenerator, Telemetry telemetry, boolean skipped,
            boolean clipped) {}

    /** What became of one optimizer's update. */
    private enum Update { APPLIED, CLIPPED, SKIPPED }

    /**
     * Signs of a blow-up, measured in every step.
     *
     * @param maxAbsLogSigma the largest |log-sigma| of any E(...) in the step
     * @param maxAbsCode the largest |z| of any code E gave in the step
     * @param encoderGradientNorm the L2 norm of E's gradient in the G/E update
     * @param generatorGradientNorm the same for G
     * @param discriminatorGradientNorm the same for D, in its last update
     */
    public record Telemetry(float maxAbsLogSigma, float maxAbsCode, float encoderGradientNorm,
            float generatorGradientNorm, float discriminatorGradientNorm) {}

    /**
     * Trains on one batch of images in [-1, 1], shape (N, C, H, W).
     *
     * @param noise the instance-noise std for this step (see {@link Stabilisers#noiseAt})
     */
    public Losses run(NDArray images, float noise) {
        StepVariables variables = new StepVariables(networks, objective, model, manager, images);
        List<NDList> tuples = new ArrayList<>();
        boolean simultaneous = stabilisers.update() == UpdateOrder.SIMULTANEOUS;
        float dLoss = 0;
        float dNorm = 0;
        List<Update> updates = new ArrayList<>();
        for (int update = 0; update < stabilisers.discriminatorSteps(); update++) {
            try (GradientCollector collector = engine.newGradientCollector()) {
                if (tuples.isEmpty()) {
                    // Inside a collector, so that the variables keep their graph for G/E's phase.
                    tuples.addAll(variables.tuples());
                }
                NDArray loss = TupleLosses.discriminator(logits(tuples, true, noise));
                collector.backward(loss);
                dLoss = loss.getFloat();
            }
            dNorm = gradientNorm(discriminatorParameters);
            if (simultaneous && update == stabilisers.discriminatorSteps() - 1) {
                break; // D's last step waits until G/E's gradient is taken against this same D
            }
            updates.add(stepOrSkip(discriminatorOptimizer, dNorm));
        }

        float geLoss;
        freezeDiscriminator(true); // keeps G/E's loss off D's gradients (and D's own, if pending)
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray loss = TupleLosses.encoderGenerator(logits(tuples, false, noise));
            if (objective.lambda() > 0) {
                for (Objective.Reconstruction r : objective.reconstructions()) {
                    NDArray error = variables.get(r.target()).sub(variables.get(r.reconstruction())).square().mean();
                    loss = loss.add(error.mul(objective.lambda()));
                }
            }
            collector.backward(loss);
            geLoss = loss.getFloat();
        } finally {
            freezeDiscriminator(false);
        }
        float eNorm = gradientNorm(encoderParameters);
        float gNorm = gradientNorm(generatorParameters);
        Telemetry telemetry = new Telemetry(variables.maxAbsLogSigma(), variables.maxAbsCode(), eNorm, gNorm, dNorm);
        updates.add(stepOrSkip(encoderGeneratorOptimizer, (float) Math.hypot(eNorm, gNorm)));
        if (simultaneous) {
            updates.add(stepOrSkip(discriminatorOptimizer, dNorm));
        }
        return new Losses(dLoss, geLoss, telemetry, updates.contains(Update.SKIPPED), updates.contains(Update.CLIPPED));
    }

    /**
     * Steps the optimizer (its gradient scaled down to the stabilisers' clip and spike guard), or,
     * when the gradient is not finite, discards it and leaves the weights (and Adam's moments) as
     * they were, so one bad batch cannot turn a run into NaN.
     *
     * @param gradientNorm the L2 norm of the optimizer's whole gradient
     * @return whether the update was applied as it was, scaled down, or skipped
     */
    private Update stepOrSkip(Adam optimizer, float gradientNorm) {
        if (Float.isFinite(gradientNorm)) {
            float recent = stabilisers.spikeGuard() > 0 ? optimizer.recentGradientNorm() : 0f;
            float scale = stabilisers.gradientScale(gradientNorm, recent);
            optimizer.step(scale);
            return scale < 1f ? Update.CLIPPED : Update.APPLIED;
        }
        optimizer.discardGradients();
        return Update.SKIPPED;
    }

    /** The L2 norm of the parameters' current gradients, all together. */
    private static float gradientNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            try (NDArray grad = p.getArray().getGradient()) {
                sum += grad.square().sum().getFloat();
            }
        }
        return (float) Math.sqrt(sum);
    }

    /** Freezes or thaws D's trainable parameters only: its spectral-norm vectors never train. */
    private void freezeDiscriminator(boolean frozen) {
        for (Parameter p : discriminatorParameters) {
            p.freeze(frozen);
        }
    }

    /** D's logits for each tuple type, computed in one forward pass over all K batches. */
    private List<NDArray> logits(List<NDList> tuples, boolean detach, float noise) {
        int slotCount = objective.slotKinds().size();
        NDList stacked = new NDList();
        for (int slot = 0; slot < slotCount; slot++) {
            NDList column = new NDList();
            for (NDList tuple : tuples) {
                NDArray value = tuple.get(slot);
                column.add(detach ? value.stopGradient() : value);
            }
            NDArray batch = NDArrays.concat(column, 0);
            if (noise > 0 && objective.slotKinds().get(slot) == SlotKind.IMAGE) {
                batch = batch.add(manager.randomNormal(batch.getShape()).mul(noise));
            }
            stacked.add(batch);
        }
        NDList perTuple = networks.discriminate(stacked, true).split(tuples.size(), 0);
        List<NDArray> out = new ArrayList<>();
        for (NDArray logits : perTuple) {
            out.add(logits);
        }
        return out;
    }
}
