package dev.ali4j.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.arch.AliNetworks;
import dev.ali4j.trainer.objective.AliLosses;
import dev.ali4j.trainer.optim.Adam;

/**
 * One ALI training step: a D update, then a G/E update against the updated D.
 *
 * <p>E(x) and G(z) are computed once, with their graph kept, and serve both phases: detached in
 * the D phase (so D's loss never reaches E or G) and attached in the G/E phase, where D's
 * parameters are frozen (so G/E's loss leaves no gradient on D). DJL allows one gradient
 * collector at a time and the optimizer must run outside it, hence two collectors.
 * The caller wraps the call in an {@code NDScope}.
 */
public final class AliStep {

    private final AliNetworks networks;
    private final Adam discriminatorOptimizer;
    private final Adam encoderGeneratorOptimizer;
    private final NDManager manager;
    private final Engine engine;

    public AliStep(AliNetworks networks, Adam discriminatorOptimizer, Adam encoderGeneratorOptimizer, NDManager manager) {
        this.networks = networks;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.encoderGeneratorOptimizer = encoderGeneratorOptimizer;
        this.manager = manager;
        this.engine = manager.getEngine();
    }

    /** The losses of one step. */
    public record Losses(float discriminator, float encoderGenerator) {}

    /** Trains on one batch of images in [-1, 1], shape (N, C, H, W). */
    public Losses run(NDArray images) {
        long n = images.getShape().get(0);
        Shape latentShape = new Shape(n, networks.architecture().latentSize());
        NDArray z = manager.randomNormal(latentShape);
        NDArray encoded;
        NDArray generated;
        float dLoss;
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDList muLogSigma = networks.encode(images, true);
            // Reparameterisation: z = mu + sigma * eps keeps the encoder differentiable.
            NDArray eps = manager.randomNormal(latentShape);
            encoded = muLogSigma.get(0).add(muLogSigma.get(1).exp().mul(eps));
            generated = networks.generate(z, true);
            NDArray real = networks.discriminate(images, encoded.stopGradient(), true);
            NDArray fake = networks.discriminate(generated.stopGradient(), z, true);
            NDArray loss = AliLosses.discriminator(real, fake);
            collector.backward(loss);
            dLoss = loss.getFloat();
        }
        discriminatorOptimizer.step();

        float geLoss;
        networks.discriminator().freezeParameters(true);
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray real = networks.discriminate(images, encoded, true);
            NDArray fake = networks.discriminate(generated, z, true);
            NDArray loss = AliLosses.encoderGenerator(real, fake);
            collector.backward(loss);
            geLoss = loss.getFloat();
        } finally {
            networks.discriminator().freezeParameters(false);
        }
        encoderGeneratorOptimizer.step();
        return new Losses(dLoss, geLoss);
    }
}
