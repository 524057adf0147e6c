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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * D(t): a K-way classifier of tuples. Each slot goes through the branch of its kind (one image
 * branch, one latent branch, one feature branch, shared by all slots of that kind as in GALI-8);
 * the slots' features are concatenated in order and a joint head gives the logits. D never sees
 * an image alone (SPEC.md, "The common model").
 *
 * <p>The head has K - 1 outputs and the last class's logit is pinned to 0: softmax is unchanged by
 * adding a constant to every logit, so nothing is lost, and for K = 2 this is exactly ALI's
 * one-logit D(x, z).
 *
 * <p>Input: one array per slot; output: logits (N, K).
 */
public final class TupleDiscriminator extends AbstractBlock {

    private final DiscriminatorLayout layout;
    private final Map<SlotKind, SequentialBlock> branches = new EnumMap<>(SlotKind.class);
    private final Map<SlotKind, List<Layer>> branchLayers = new EnumMap<>(SlotKind.class);
    private final List<Layer> jointLayers;
    private final SequentialBlock joint;

    public TupleDiscriminator(Architecture arch, DiscriminatorLayout layout) {
        this.layout = layout;
        // Child names and order as in ali4j's first D(x, z), so that its checkpoints still load.
        for (SlotKind kind : SlotKind.values()) {
            if (layout.slots().contains(kind)) {
                String name = kind == SlotKind.FEATURE ? "feature" : kind.label();
                List<Layer> layers = withDropout(widened(branchLayers(arch, kind), layout.width(), false),
                        layout.dropout());
                branchLayers.put(kind, layers);
                branches.put(kind, addChildBlock(name, DjlNetworks.sequential(layers, layout.spectralNorm())));
            }
        }
        jointLayers = withDropout(headLayers(widened(arch.discriminatorJoint(), layout.width(), true),
                layout.classes()), layout.dropout());
        joint = addChildBlock("joint", DjlNetworks.sequential(jointLayers, layout.spectralNorm()));
    }

    public DiscriminatorLayout layout() {
        return layout;
    }

    /** The layers of the branch for one slot kind, one per child of {@link #branch(SlotKind)}. */
    public List<Layer> branchLayers(SlotKind kind) {
        return List.copyOf(branchLayers.get(kind));
    }

    /** The branch for one slot kind of this D's layout. */
    public SequentialBlock branch(SlotKind kind) {
        return branches.get(kind);
    }

    /** The joint head's layers, its last a linear layer to K - 1 logits. */
    public List<Layer> jointLayers() {
        return List.copyOf(jointLayers);
    }

    /** The joint head on the concatenated branch features. */
    public SequentialBlock joint() {
        return joint;
    }

    private List<Layer> branchLayers(Architecture arch, SlotKind kind) {
        switch (kind) {
            case IMAGE:
                return arch.discriminatorImage();
            case LATENT:
                return arch.discriminatorLatent();
            default:
                // The feature branch has the latent branch's shape, on vectors of M's feature size.
                List<Layer> layers = new ArrayList<>(arch.discriminatorLatent());
                Layer.Linear first = (Layer.Linear) layers.get(0);
                layers.set(0, new Layer.Linear(layout.featureSize(), first.out()));
                return layers;
        }
    }

    /** The architecture's joint head with its last layer widened from 1 to K - 1 logits. */
    private static List<Layer> headLayers(List<Layer> head, int classes) {
        List<Layer> layers = new ArrayList<>(head);
        Layer.Linear last = (Layer.Linear) layers.get(layers.size() - 1);
        layers.set(layers.size() - 1, new Layer.Linear(last.in(), classes - 1));
        return layers;
    }

    /**
     * The layers with every convolution's and linear layer's outputs times {@code factor}, and
     * their inputs too but for the first layer's when it reads a slot's data ({@code widenInput}
     * false) rather than the branches' widened features.
     */
    private static List<Layer> widened(List<Layer> layers, int factor, boolean widenInput) {
        if (factor == 1) {
            return layers;
        }
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            int in = out.isEmpty() && !widenInput ? 1 : factor;
            if (layer instanceof Layer.Conv c) {
                out.add(new Layer.Conv(c.in() * in, c.out() * factor, c.kernel(), c.stride(), c.pad()));
            } else if (layer instanceof Layer.Linear l) {
                out.add(new Layer.Linear(l.in() * in, l.out() * factor));
            } else if (layer instanceof Layer.BatchNorm b) {
                out.add(new Layer.BatchNorm(b.channels() * factor, b.epsilon(), b.momentum()));
            } else if (layer instanceof Layer.Reshape || layer instanceof Layer.Bias) {
                throw new IllegalArgumentException("D's width factor cannot widen " + layer);
            } else {
                out.add(layer);
            }
        }
        return out;
    }

    private static List<Layer> withDropout(List<Layer> layers, float rate) {
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof Layer.Dropout) {
                if (rate > 0) {
                    out.add(new Layer.Dropout(rate));
                }
            } else {
                out.add(layer);
            }
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = new NDList();
        for (int i = 0; i < layout.slots().size(); i++) {
            SequentialBlock branch = branches.get(layout.slots().get(i));
            features.add(branch.forward(ps, new NDList(inputs.get(i)), training).singletonOrThrow());
        }
        NDArray free = joint.forward(ps, new NDList(NDArrays.concat(features, 1)), training).singletonOrThrow();
        NDArray pinned = free.getManager().zeros(new Shape(free.getShape().get(0), 1), free.getDataType());
        return new NDList(NDArrays.concat(new NDList(free, pinned), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), layout.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long features = 0;
        for (SlotKind kind : branches.keySet()) {
            Shape input = inputShapes[layout.slots().indexOf(kind)];
            branches.get(kind).initialize(manager, dataType, input);
        }
        for (int i = 0; i < layout.slots().size(); i++) {
            features += branches.get(layout.slots().get(i)).getOutputShapes(new Shape[] {inputShapes[i]})[0].get(1);
        }
        joint.initialize(manager, dataType, new Shape(inputShapes[0].get(0), features));
    }
}
