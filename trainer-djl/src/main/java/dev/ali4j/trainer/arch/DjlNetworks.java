package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/** Builds DJL blocks from {@link Layer} lists, one DJL child block per layer and in order. */
public final class DjlNetworks {

    private DjlNetworks() {}

    /** A sequential block whose i-th child is the DJL form of {@code layers.get(i)}. */
    public static SequentialBlock sequential(List<Layer> layers) {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            block.add(toBlock(layer));
        }
        return block;
    }

    /**
     * Like {@link #sequential}, with every convolution and linear layer spectrally normalised
     * when {@code spectralNorm} is set (discriminators only: nothing exports these).
     */
    public static SequentialBlock sequential(List<Layer> layers, boolean spectralNorm) {
        if (!spectralNorm) {
            return sequential(layers);
        }
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) {
            boolean weighted = layer instanceof Layer.Conv || layer instanceof Layer.Linear;
            block.add(weighted ? new SpectralNormalized(layer) : toBlock(layer));
        }
        return block;
    }

    /**
     * The weight a convolution or linear block applies at inference: its {@code weight}
     * parameter, divided by the spectral norm for spectrally normalised blocks.
     */
    public static NDArray inferenceWeight(Block block) {
        if (block instanceof SpectralNormalized normalized) {
            return normalized.inferenceWeight();
        }
        return block.getParameters().get("weight").getArray();
    }

    static Block toBlock(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.pad(), c.pad()))
                    .setFilters(c.out())
                    .build();
        } else if (layer instanceof Layer.Linear l) {
            return Linear.builder().setUnits(l.out()).build();
        } else if (layer instanceof Layer.BatchNorm b) {
            // DJL passes 1 - momentum to torch.
            return BatchNorm.builder().optMomentum(1 - b.momentum()).optEpsilon(b.epsilon()).build();
        } else if (layer instanceof Layer.LeakyRelu r) {
            return Activation.leakyReluBlock(r.slope());
        } else if (layer instanceof Layer.Dropout d) {
            return Dropout.builder().optRate(d.rate()).build();
        } else if (layer instanceof Layer.Flatten) {
            return Blocks.batchFlattenBlock();
        } else if (layer instanceof Layer.Reshape r) {
            return new LambdaBlock(
                    in -> new NDList(in.singletonOrThrow().reshape(-1, r.channels(), r.height(), r.width())),
                    "reshape");
        } else if (layer instanceof Layer.DepthToSpace d) {
            return new LambdaBlock(in -> new NDList(depthToSpace(in.singletonOrThrow(), d.block())), "depthToSpace");
        } else if (layer instanceof Layer.Bias b) {
            return new PixelBias(b);
        } else if (layer instanceof Layer.Tanh) {
            return Activation.tanhBlock();
        }
        throw new IllegalArgumentException("no DJL form for " + layer);
    }

    /** ONNX DepthToSpace, mode CRD (torch's PixelShuffle), written with reshape and transpose. */
    static NDArray depthToSpace(NDArray x, int b) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1) / ((long) b * b);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, b, b, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * b, w * b);
    }
}
