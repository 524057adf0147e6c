package dev.ali4j.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * D(x, z): an image branch and a latent branch whose features are concatenated and fed to a
 * joint head that outputs one logit per pair. D never sees x alone (SPEC.md, "The common model").
 *
 * <p>Input: {@code NDList(x, z)}; output: {@code NDList(logits)} of shape (N, 1).
 */
public final class JointDiscriminator extends AbstractBlock {

    private final SequentialBlock imageBranch;
    private final SequentialBlock latentBranch;
    private final SequentialBlock joint;

    public JointDiscriminator(Architecture arch) {
        imageBranch = addChildBlock("image", DjlNetworks.sequential(arch.discriminatorImage()));
        latentBranch = addChildBlock("latent", DjlNetworks.sequential(arch.discriminatorLatent()));
        joint = addChildBlock("joint", DjlNetworks.sequential(arch.discriminatorJoint()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray xFeatures = imageBranch.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray zFeatures = latentBranch.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow();
        return joint.forward(ps, new NDList(NDArrays.concat(new NDList(xFeatures, zFeatures), 1)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        imageBranch.initialize(manager, dataType, inputShapes[0]);
        latentBranch.initialize(manager, dataType, inputShapes[1]);
        long features = imageBranch.getOutputShapes(new Shape[] {inputShapes[0]})[0].get(1)
                + latentBranch.getOutputShapes(new Shape[] {inputShapes[1]})[0].get(1);
        joint.initialize(manager, dataType, new Shape(inputShapes[0].get(0), features));
    }
}
