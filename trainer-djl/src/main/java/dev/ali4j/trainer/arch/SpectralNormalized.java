package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution or linear layer whose weight is divided by its largest singular value
 * (spectral normalisation, Miyato et al. 2018), as on every layer of GALI's discriminator. The
 * singular value is estimated as torch does: one power iteration per training forward pass,
 * with the left singular vector {@code u} kept between passes (and in checkpoints).
 */
final class SpectralNormalized extends AbstractBlock {

    private static final float EPSILON = 1e-12f;

    private final Layer layer;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter u;

    SpectralNormalized(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            out = c.out();
        } else if (layer instanceof Layer.Linear l) {
            out = l.out();
        } else {
            throw new IllegalArgumentException("spectral normalisation applies to Conv and Linear, not " + layer);
        }
        this.layer = layer;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        // Starts as ones (RUNNING_VAR's initializer); never trained by an optimizer.
        u = addParameter(Parameter.builder().setName("u").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        if (layer instanceof Layer.Conv c) {
            weight.setShape(new Shape(out, input.get(1), c.kernel(), c.kernel()));
        } else {
            weight.setShape(new Shape(out, input.get(input.dimension() - 1)));
        }
        bias.setShape(new Shape(out));
        u.setShape(new Shape(out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        NDArray left = ps.getValue(u, x.getDevice(), training);
        NDArray matrix = w.reshape(out, -1);
        NDArray constant = matrix.stopGradient();
        NDArray v = normalize(constant.transpose().matMul(left.expandDims(1)).squeeze(1));
        NDArray newLeft = normalize(constant.matMul(v.expandDims(1)).squeeze(1));
        if (training) {
            left.muli(0).addi(newLeft);
        }
        // sigma = u^T W v, differentiable in W only.
        NDArray sigma = matrix.matMul(v.expandDims(1)).squeeze(1).mul(newLeft).sum();
        NDArray normalized = w.div(sigma);
        if (layer instanceof Layer.Conv c) {
            Shape stride = new Shape(c.stride(), c.stride());
            Shape pad = new Shape(c.pad(), c.pad());
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, normalized, b, stride, pad);
        }
        return ai.djl.nn.core.Linear.linear(x, normalized, b);
    }

    /** The weight an inference pass uses: W divided by its estimated largest singular value. */
    NDArray inferenceWeight() {
        NDArray w = weight.getArray();
        NDArray matrix = w.reshape(out, -1);
        NDArray v = normalize(matrix.transpose().matMul(u.getArray().expandDims(1)).squeeze(1));
        NDArray left = normalize(matrix.matMul(v.expandDims(1)).squeeze(1));
        return w.div(matrix.matMul(v.expandDims(1)).squeeze(1).mul(left).sum());
    }

    private static NDArray normalize(NDArray vector) {
        return vector.div(vector.norm().add(EPSILON));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        if (layer instanceof Layer.Conv c) {
            long h = (input.get(2) + 2L * c.pad() - c.kernel()) / c.stride() + 1;
            long w = (input.get(3) + 2L * c.pad() - c.kernel()) / c.stride() + 1;
            return new Shape[] {new Shape(input.get(0), out, h, w)};
        }
        return new Shape[] {new Shape(input.get(0), out)};
    }
}
