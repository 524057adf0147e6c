package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@link Layer.Bias}: adds a learnable (1, C, H, W) bias, zero until {@link #set} is called. */
final class PixelBias extends AbstractBlock {

    private final Parameter bias;

    PixelBias(Layer.Bias layer) {
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(1, layer.channels(), layer.height(), layer.width())).build());
    }

    /** Overwrites the bias, e.g. with the log-odds of the first batch's mean image. */
    void set(NDArray value) {
        NDArray array = bias.getArray();
        array.muli(0).addi(value.reshape(array.getShape()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.add(ps.getValue(bias, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
