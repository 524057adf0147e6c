package dev.ali4j.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of parameters (Polyak averaging with exponential weights).
 *
 * <p>Adversarial training oscillates around its equilibrium instead of settling: reconstructions
 * from one epoch to the next swing between faithful and loose. The average of the recent weights
 * sits nearer the centre of that orbit (Yazici et al., "The unusual effectiveness of averaging in
 * GAN training", ICLR 2019), so ali4j exports and shows the averaged encoder and generator. The
 * decay ramps up as (1 + t) / (10 + t) so that early averages are not dominated by the random
 * initialisation. Batch-norm statistics are averaged with the weights they belong to, and the
 * trainer measures them afresh for the averaged weights at the end of every epoch, before they
 * are shown or exported ({@code BatchNormRecalibration}).
 */
public final class WeightAverage {

    private final List<Parameter> parameters;
    private final List<NDArray> averages = new ArrayList<>();
    private final float decay;
    private long updates;

    public WeightAverage(List<Parameter> parameters, NDManager manager, float decay) {
        this.parameters = List.copyOf(parameters);
        this.decay = decay;
        for (Parameter p : this.parameters) {
            NDArray copy = manager.zeros(p.getArray().getShape());
            copy.addi(p.getArray());
            averages.add(copy);
        }
    }

    /** Moves every average towards its parameter's current value. Call after each optimizer step. */
    public void update() {
        updates++;
        float d = Math.min(decay, (1f + updates) / (10f + updates));
        for (int i = 0; i < parameters.size(); i++) {
            averages.get(i).muli(d).addi(parameters.get(i).getArray().mul(1 - d));
        }
    }

    /** Exchanges the live values and the averages; calling it twice restores the live values. */
    public void swap() {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray live = parameters.get(i).getArray();
            NDArray average = averages.get(i);
            try (NDArray saved = live.duplicate()) {
                live.subi(live).addi(average);
                average.subi(average).addi(saved);
            }
        }
    }

    /** Writes the update count and the averages. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(updates);
        out.writeInt(averages.size());
        for (NDArray a : averages) {
            ArrayIO.write(out, a);
        }
    }

    /** Restores what {@link #save} wrote, for the same parameter list. */
    public void load(DataInputStream in) throws IOException {
        updates = in.readLong();
        int count = in.readInt();
        if (count != averages.size()) {
            throw new IOException("weight average holds " + count + " arrays, model has " + averages.size());
        }
        for (NDArray a : averages) {
            a.set(ArrayIO.read(in, a));
        }
    }
}
