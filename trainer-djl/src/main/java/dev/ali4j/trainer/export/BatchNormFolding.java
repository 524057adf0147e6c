package dev.ali4j.trainer.export;

import dev.ali4j.trainer.arch.Layer;
import java.util.List;

/**
 * Folds inference-time batch norm into the convolution or linear layer before it, as exporters
 * do. With its running statistics, batch norm is a scale and a shift per channel,
 * {@code gamma (x - mean) / sqrt(var + eps) + beta}, so it can scale that layer's weight rows and
 * shift its bias instead of making a pass of its own over the activations.
 *
 * <p>Layers that only move values between channels and positions may stand between the two: depth
 * to space (CRD mode) and reshape keep channel-major order, so output unit {@code u} of the
 * layer lands in batch-norm channel {@code u / group}, with {@code group} = units per channel.
 */
final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** A weight tensor (out rows first, any layout after) and its bias, both after folding. */
    record Folded(float[] weight, float[] bias) {
    }

    /**
     * The index of the batch norm that the convolution or linear layer at {@code affine} can
     * absorb: the first layer after it that is not depth to space or reshape, if that is a batch
     * norm whose channels divide the layer's outputs; otherwise -1.
     */
    static int batchNormAfter(List<Layer> layers, int affine) {
        int units = outputs(layers.get(affine));
        if (units < 0) {
            return -1;
        }
        for (int i = affine + 1; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Layer.BatchNorm b) {
                return units % b.channels() == 0 ? i : -1;
            }
            if (!(layer instanceof Layer.DepthToSpace || layer instanceof Layer.Reshape)) {
                return -1;
            }
        }
        return -1;
    }

    /** Output units of a convolution (channels) or a linear layer (features); -1 for other layers. */
    private static int outputs(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            return c.out();
        }
        if (layer instanceof Layer.Linear l) {
            return l.out();
        }
        return -1;
    }

    /**
     * @param weight the layer's weight, {@code bias.length} rows of equal length
     * @param bias one per output unit
     * @param gamma batch norm's scale, one per channel
     * @param beta its shift
     * @param mean its running mean
     * @param variance its running variance
     * @param epsilon its epsilon
     * @return weight rows scaled and bias shifted by the channel of each unit
     */
    static Folded fold(float[] weight, float[] bias, float[] gamma, float[] beta, float[] mean, float[] variance,
            float epsilon) {
        int units = bias.length;
        int channels = gamma.length;
        if (units % channels != 0 || weight.length % units != 0) {
            throw new IllegalArgumentException(units + " units, " + weight.length + " weights and " + channels
                    + " batch-norm channels do not fold");
        }
        int group = units / channels;
        int row = weight.length / units;
        float[] w = new float[weight.length];
        float[] b = new float[units];
        for (int u = 0; u < units; u++) {
            int c = u / group;
            double scale = gamma[c] / Math.sqrt((double) variance[c] + epsilon);
            for (int k = u * row; k < (u + 1) * row; k++) {
                w[k] = (float) (weight[k] * scale);
            }
            b[u] = (float) ((bias[u] - mean[c]) * scale + beta[c]);
        }
        return new Folded(w, b);
    }
}
