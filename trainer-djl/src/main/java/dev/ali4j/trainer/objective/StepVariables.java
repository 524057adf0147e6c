package dev.ali4j.trainer.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.trainer.arch.LatentNetworks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of one training step, each computed once, on first use, with its graph kept so
 * that G/E's loss can reach E and G through it. All {@code mask} and {@code mix} operations of a
 * step share one random rectangle per image, which is GALI's patch-level correspondence.
 */
final class StepVariables {

    private final LatentNetworks networks;
    private final Objective objective;
    private final FeatureModel model;
    private final NDManager manager;
    private final Map<String, NDArray> values = new HashMap<>();
    private final Map<String, NDList> encodings = new HashMap<>();
    private NDArray inside;
    private float maxAbsLogSigma;
    private float maxAbsCode;

    StepVariables(LatentNetworks networks, Objective objective, FeatureModel model, NDManager manager, NDArray images) {
        this.networks = networks;
        this.objective = objective;
        this.model = model;
        this.manager = manager;
        values.put("x", images);
        long n = images.getShape().get(0);
        values.put("z", manager.randomNormal(new Shape(n, networks.architecture().latentSize())));
    }

    /** Each tuple type's slot values, in the objective's order. */
    List<NDList> tuples() {
        List<NDList> tuples = new ArrayList<>();
        for (List<String> tuple : objective.tuples()) {
            NDList slots = new NDList();
            for (String name : tuple) {
                slots.add(get(name));
            }
            tuples.add(slots);
        }
        return tuples;
    }

    /** The value of variable {@code name}, computing it and what it depends on if needed. */
    NDArray get(String name) {
        NDArray value = values.get(name);
        if (value == null) {
            value = compute(objective.definitions().get(name));
            values.put(name, value);
        }
        return value;
    }

    private NDArray compute(Objective.Definition d) {
        List<String> args = d.args();
        switch (d.op()) {
            case ENCODE:
                return code(args.get(0));
            case ENCODE_MEAN: {
                NDArray mu = encoding(args.get(0)).get(0);
                maxAbsCode = Math.max(maxAbsCode, mu.abs().max().getFloat());
                return mu;
            }
            case GENERATE:
                return networks.generate(get(args.get(0)), true);
            case GENERATE_FIXED:
                return networks.generateWithFixedWeights(get(args.get(0)));
            case FEATURES:
                return model.features(get(args.get(0)));
            case MASK: {
                NDArray in = rectangles();
                return get(args.get(0)).mul(in.neg().add(1)).add(in.mul(Operation.MASK_FILL));
            }
            case MIX: {
                NDArray in = rectangles();
                return get(args.get(0)).mul(in.neg().add(1)).add(get(args.get(1)).mul(in));
            }
            default:
                throw new IllegalStateException("x and z are set up front, not computed: " + d);
        }
    }

    /** E's code for the image variable {@code input}: a reparameterised sample, or mu for a deterministic encoder. */
    private NDArray code(String input) {
        NDList muLogSigma = encoding(input);
        NDArray mu = muLogSigma.get(0);
        // Reparameterisation: z = mu + sigma * eps keeps the encoder differentiable.
        NDArray code = objective.deterministicEncoder() ? mu
                : mu.add(muLogSigma.get(1).exp().mul(manager.randomNormal(mu.getShape())));
        maxAbsCode = Math.max(maxAbsCode, code.abs().max().getFloat());
        return code;
    }

    /** E's (mu, log-sigma) of the image variable {@code input}, one forward pass per image variable and step. */
    private NDList encoding(String input) {
        NDList muLogSigma = encodings.get(input);
        if (muLogSigma == null) {
            muLogSigma = networks.encode(get(input), true);
            encodings.put(input, muLogSigma);
            maxAbsLogSigma = Math.max(maxAbsLogSigma, muLogSigma.get(1).abs().max().getFloat());
        }
        return muLogSigma;
    }

    /** The largest |log-sigma| E gave in this step, over every E(...) computed so far. */
    float maxAbsLogSigma() {
        return maxAbsLogSigma;
    }

    /** The largest |z| of E's codes in this step (mu for a deterministic encoder). */
    float maxAbsCode() {
        return maxAbsCode;
    }

    /**
     * One random rectangle per image, (N, 1, H, W) with 1 inside: sides uniform between a quarter
     * and a half of the image's, position uniform.
     */
    private NDArray rectangles() {
        if (inside == null) {
            NDArray x = values.get("x");
            int n = (int) x.getShape().get(0);
            int h = (int) x.getShape().get(2);
            int w = (int) x.getShape().get(3);
            float[] u = manager.randomUniform(0, 1, new Shape(n, 4)).toFloatArray();
            float[] mask = new float[n * h * w];
            for (int i = 0; i < n; i++) {
                int rh = h / 4 + (int) (u[4 * i] * (h / 2 - h / 4 + 1));
                int rw = w / 4 + (int) (u[4 * i + 1] * (w / 2 - w / 4 + 1));
                int top = (int) (u[4 * i + 2] * (h - rh + 1));
                int left = (int) (u[4 * i + 3] * (w - rw + 1));
                for (int r = top; r < top + rh; r++) {
                    for (int c = left; c < left + rw; c++) {
                        mask[(i * h + r) * w + c] = 1f;
                    }
                }
            }
            inside = manager.create(mask, new Shape(n, 1, h, w));
        }
        return inside;
    }
}
