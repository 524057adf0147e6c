package dev.ali4j.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of parameters, written on NDArray operations.
 *
 * <p>Not DJL's own optimizer because its moments live in private maps (no exact resume) and
 * because the PyTorch engine zeroes a gradient only when an optimizer steps that weight: this
 * class zeroes each gradient right after using it, so the next backward pass starts clean.
 * Call {@link #step} outside any gradient collector, inside an {@code NDScope} that frees the
 * temporaries.
 */
public final class Adam {

    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private long steps;

    public Adam(List<Parameter> parameters, NDManager manager, float learningRate, float beta1, float beta2) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8f;
        for (Parameter p : this.parameters) {
            firstMoments.add(manager.zeros(p.getArray().getShape()));
            secondMoments.add(manager.zeros(p.getArray().getShape()));
        }
    }

    /** One update of every parameter from its current gradient, which is then zeroed. */
    public void step() {
        step(1f);
    }

    /**
     * One update from the current gradients times {@code gradientScale} (gradient clipping: a
     * scale below 1 keeps one outsized gradient from filling the second moments, which would
     * shrink every later step for hundreds of steps); the gradients are then zeroed.
     */
    public void step(float gradientScale) {
        steps++;
        float correction1 = (float) (1 - Math.pow(beta1, steps));
        float correction2 = (float) (1 - Math.pow(beta2, steps));
        float stepSize = learningRate / correction1;
        float sqrtCorrection2 = (float) Math.sqrt(correction2);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            try (NDArray grad = weight.getGradient()) {
                NDArray g = gradientScale == 1f ? grad : grad.mul(gradientScale);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denominator = v.sqrt().divi(sqrtCorrection2).addi(epsilon);
                weight.subi(m.div(denominator).muli(stepSize));
                grad.subi(grad);
            }
        }
    }

    /**
     * Zeroes every gradient without updating anything: for a step whose gradient is not finite.
     * (A fill, not {@code grad - grad}, which leaves NaN in place.)
     */
    public void discardGradients() {
        for (Parameter p : parameters) {
            try (NDArray grad = p.getArray().getGradient()) {
                grad.set(new NDIndex(":"), 0f);
            }
        }
    }

    /**
     * The root mean square of the recent gradients' L2 norms, as the second moments hold it: the
     * square root of their bias-corrected sum (an average over about 1 / (1 - beta2) steps). 0
     * before the first step.
     */
    public float recentGradientNorm() {
        if (steps == 0) {
            return 0f;
        }
        NDArray total = secondMoments.get(0).sum();
        for (int i = 1; i < secondMoments.size(); i++) {
            total = total.add(secondMoments.get(i).sum()); // summed on the device: one read, not one per weight
        }
        return (float) Math.sqrt(total.getFloat() / (1 - Math.pow(beta2, steps)));
    }

    public long steps() {
        return steps;
    }

    /** Writes the step count and both moments. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            ArrayIO.write(out, firstMoments.get(i));
            ArrayIO.write(out, secondMoments.get(i));
        }
    }

    /** Restores what {@link #save} wrote, for the same parameter list. */
    public void load(DataInputStream in) throws IOException {
        steps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state holds " + count + " parameters, model has " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            firstMoments.get(i).set(ArrayIO.read(in, firstMoments.get(i)));
            secondMoments.get(i).set(ArrayIO.read(in, secondMoments.get(i)));
        }
    }
}
