package dev.ali4j.trainer.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The ALI / BiGAN losses on discriminator logits (SPEC.md, "ALI / BiGAN objective").
 *
 * <p>{@code real} are the logits D(x, E(x)) of data pairs, {@code fake} the logits D(G(z), z) of
 * prior pairs; both are averaged over the batch.
 */
public final class AliLosses {

    private AliLosses() {}

    /** D's loss: softplus(-D(x, E(x))) + softplus(D(G(z), z)). */
    public static NDArray discriminator(NDArray real, NDArray fake) {
        return Activation.softPlus(real.neg()).mean().add(Activation.softPlus(fake).mean());
    }

    /** G and E's non-saturating loss with swapped labels: softplus(D(x, E(x))) + softplus(-D(G(z), z)). */
    public static NDArray encoderGenerator(NDArray real, NDArray fake) {
        return Activation.softPlus(real).mean().add(Activation.softPlus(fake.neg()).mean());
    }
}
