package dev.ali4j.trainer.export;

import static dev.ali4j.trainer.export.OnnxGraphBuilder.integer;
import static dev.ali4j.trainer.export.OnnxGraphBuilder.ints;
import static dev.ali4j.trainer.export.OnnxGraphBuilder.real;
import static dev.ali4j.trainer.export.OnnxGraphBuilder.string;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.DjlNetworks;
import dev.ali4j.trainer.arch.SlotKind;
import dev.ali4j.trainer.arch.TupleDiscriminator;
import dev.ali4j.trainer.arch.Layer;
import dev.ali4j.trainer.arch.LogSigmaBound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the encoder and the generator of trained {@link LatentNetworks} as ONNX files, in inference
 * form: batch norm's running statistics folded into the layer before it, no dropout, a dynamic
 * batch dimension.
 *
 * <p>The encoder maps {@code image} (N, C, H, W) to {@code mu} and {@code log_sigma} (N, d), the
 * latter smoothly bounded as in training ({@link LogSigmaBound}); the
 * generator maps {@code z} (N, d) to {@code image} (N, C, H, W) in [-1, 1].
 */
public final class OnnxExporter {

    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String GENERATOR_FILE = "generator.onnx";
    public static final String SAMPLER_FILE = "sampler.onnx";
    public static final String DISCRIMINATOR_FILE = "discriminator.onnx";

    private final String producerVersion;

    public OnnxExporter(String producerVersion) {
        this.producerVersion = producerVersion;
    }

    /** Writes {@code encoder.onnx} and {@code generator.onnx} into {@code directory}. */
    public void export(LatentNetworks networks, Path directory) throws IOException {
        Files.createDirectories(directory);
        write(encoder(networks), directory.resolve(ENCODER_FILE));
        write(generator(networks), directory.resolve(GENERATOR_FILE));
    }

    /**
     * Writes G as it is now, with whatever batch-norm statistics it holds, as {@code sampler.onnx}:
     * the caller measures them on the prior first ({@code BatchNormRecalibration.withGeneratorOnPrior}).
     */
    public void exportSampler(LatentNetworks networks, Path directory) throws IOException {
        Files.createDirectories(directory);
        write(generator(networks), directory.resolve(SAMPLER_FILE));
    }

    /**
     * Writes {@code discriminator.onnx} into {@code directory}: D(x, z) with inputs {@code image}
     * (N, C, H, W) and {@code z} (N, d), outputs {@code logits} (N, K, the last pinned to 0 as in
     * training) and {@code features} (N, F), the joint head's last hidden layer. Dropout is
     * dropped and spectrally normalised weights are divided by their norm, as in inference.
     *
     * @throws IllegalArgumentException if D's tuples are not (image, latent)
     */
    public void exportDiscriminator(LatentNetworks networks, Path directory) throws IOException {
        Files.createDirectories(directory);
        write(discriminator(networks), directory.resolve(DISCRIMINATOR_FILE));
    }

    ModelProto discriminator(LatentNetworks networks) {
        Architecture arch = networks.architecture();
        TupleDiscriminator d = networks.discriminator();
        if (!d.layout().slots().equals(List.of(SlotKind.IMAGE, SlotKind.LATENT))) {
            throw new IllegalArgumentException("only a D of (image, latent) tuples exports, this one takes "
                    + d.layout().slots());
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder("ali4j_discriminator");
        g.input("image", arch.channels(), arch.height(), arch.width());
        g.input("z", arch.latentSize());
        String x = layers(g, "discriminator.image", d.branchLayers(SlotKind.IMAGE), d.branch(SlotKind.IMAGE), "image");
        String z = layers(g, "discriminator.latent", d.branchLayers(SlotKind.LATENT), d.branch(SlotKind.LATENT), "z");
        String joined = g.node("Concat", new String[] {x, z}, integer("axis", 1));
        List<Layer> head = d.jointLayers();
        List<Block> headBlocks = d.joint().getChildren().values();
        int last = head.size() - 1;
        String hidden = layers(g, "discriminator.joint", head.subList(0, last), headBlocks.subList(0, last), joined);
        g.identity(hidden, "features");
        String free = layer(g, "discriminator.joint." + last + ".", head.get(last), headBlocks.get(last), hidden);
        // The pinned last logit: a column of zeros as tall as the batch.
        String batch = g.node("Slice", new String[] {g.node("Shape", new String[] {free}),
                g.int64s("batch_start", 0), g.int64s("batch_end", 1)});
        String zerosShape = g.node("Concat", new String[] {batch, g.int64s("one_column", 1)}, integer("axis", 0));
        String zeros = g.node("ConstantOfShape", new String[] {zerosShape});
        g.nodeWithOutputs("Concat", new String[] {free, zeros}, new String[] {"logits"}, integer("axis", 1));
        g.output("logits", d.layout().classes());
        g.output("features", ((Layer.Linear) head.get(last)).in());
        return g.model(producerVersion, "ali4j " + arch.name() + " discriminator: (image, z) -> (logits, features)");
    }

    ModelProto encoder(LatentNetworks networks) {
        Architecture arch = networks.architecture();
        OnnxGraphBuilder g = new OnnxGraphBuilder("ali4j_encoder");
        g.input("image", arch.channels(), arch.height(), arch.width());
        String out = layers(g, "encoder", arch.encoder(), networks.encoder(), "image");
        int d = arch.latentSize();
        g.nodeWithOutputs("Split", new String[] {out, g.int64s("split_sizes", d, d)},
                new String[] {"mu", "log_sigma_raw"}, integer("axis", 1));
        // LogSigmaBound: c + h * tanh((r - c) / h), from the same constants as training.
        String c = g.floats("log_sigma_centre", new float[] {LogSigmaBound.CENTRE}, 1);
        String h = g.floats("log_sigma_half_width", new float[] {LogSigmaBound.HALF_WIDTH}, 1);
        String squashed = g.node("Tanh", new String[] {g.node("Div", new String[] {
                g.node("Sub", new String[] {"log_sigma_raw", c}), h})});
        g.nodeWithOutputs("Add", new String[] {g.node("Mul", new String[] {squashed, h}), c},
                new String[] {"log_sigma"});
        g.output("mu", d);
        g.output("log_sigma", d);
        return g.model(producerVersion, "ali4j " + arch.name() + " encoder: image -> (mu, log_sigma)");
    }

    ModelProto generator(LatentNetworks networks) {
        Architecture arch = networks.architecture();
        OnnxGraphBuilder g = new OnnxGraphBuilder("ali4j_generator");
        g.input("z", arch.latentSize());
        String out = layers(g, "generator", arch.generator(), networks.generator(), "z");
        g.identity(out, "image");
        g.output("image", arch.channels(), arch.height(), arch.width());
        return g.model(producerVersion, "ali4j " + arch.name() + " generator: z -> image in [-1, 1]");
    }

    /**
     * Emits the layers' nodes, reading weights from the matching DJL children. A batch norm after
     * a convolution or linear layer is folded into it ({@link BatchNormFolding}); a LeakyReLU
     * after that batch norm then comes straight after the layer, before any depth to space or
     * reshape between them (it acts on each value alone), so that ONNX Runtime can fuse it into
     * the convolution. (ONNX Runtime fuses a batch norm straight after a convolution itself; the
     * gain is where depth to space, reshape or a linear layer stood in its way.)
     */
    private static String layers(OnnxGraphBuilder g, String prefix, List<Layer> layers, SequentialBlock block,
            String input) {
        return layers(g, prefix, layers, block.getChildren().values(), input);
    }

    private static String layers(OnnxGraphBuilder g, String prefix, List<Layer> layers, List<Block> children,
            String input) {
        if (children.size() != layers.size()) {
            throw new IllegalStateException(prefix + ": " + layers.size() + " layers but " + children.size() + " blocks");
        }
        String x = input;
        for (int i = 0; i < layers.size(); i++) {
            int norm = BatchNormFolding.batchNormAfter(layers, i);
            if (norm < 0) {
                x = layer(g, prefix + "." + i + ".", layers.get(i), children.get(i), x);
                continue;
            }
            Layer.BatchNorm bn = (Layer.BatchNorm) layers.get(norm);
            Block bnBlock = children.get(norm);
            BatchNormFolding.Folded folded = BatchNormFolding.fold(values(children.get(i), "weight"),
                    values(children.get(i), "bias"), values(bnBlock, "gamma"), values(bnBlock, "beta"),
                    values(bnBlock, "runningMean"), values(bnBlock, "runningVar"), bn.epsilon());
            x = affine(g, prefix + "." + i + ".", layers.get(i), children.get(i), folded, x);
            int next = norm + 1;
            if (next < layers.size() && layers.get(next) instanceof Layer.LeakyRelu) {
                x = layer(g, prefix + "." + next + ".", layers.get(next), children.get(next), x);
                next++;
            }
            for (int j = i + 1; j < norm; j++) {
                x = layer(g, prefix + "." + j + ".", layers.get(j), children.get(j), x);
            }
            i = next - 1;
        }
        return x;
    }

    /** A convolution or linear layer with folded weights. */
    private static String affine(OnnxGraphBuilder g, String p, Layer layer, Block child,
            BatchNormFolding.Folded folded, String x) {
        String weight = g.floats(p + "weight", folded.weight(), shape(child, "weight"));
        String bias = g.floats(p + "bias", folded.bias(), shape(child, "bias"));
        if (layer instanceof Layer.Conv c) {
            return conv(g, c, x, weight, bias);
        }
        return gemm(g, x, weight, bias);
    }

    /** One layer's node, or none for dropout; {@code p} prefixes its weights' names. */
    private static String layer(OnnxGraphBuilder g, String p, Layer layer, Block child, String x) {
        if (layer instanceof Layer.Conv c) {
            return conv(g, c, x, inferenceWeight(g, p + "weight", child), weight(g, p + "bias", child, "bias"));
        } else if (layer instanceof Layer.Linear) {
            return gemm(g, x, inferenceWeight(g, p + "weight", child), weight(g, p + "bias", child, "bias"));
        } else if (layer instanceof Layer.BatchNorm b) {
            return g.node("BatchNormalization", new String[] {x,
                    weight(g, p + "gamma", child, "gamma"), weight(g, p + "beta", child, "beta"),
                    weight(g, p + "running_mean", child, "runningMean"), weight(g, p + "running_var", child, "runningVar")},
                    real("epsilon", b.epsilon()));
        } else if (layer instanceof Layer.LeakyRelu r) {
            return g.node("LeakyRelu", new String[] {x}, real("alpha", r.slope()));
        } else if (layer instanceof Layer.Dropout) {
            return x; // identity at inference
        } else if (layer instanceof Layer.Flatten) {
            return g.node("Flatten", new String[] {x}, integer("axis", 1));
        } else if (layer instanceof Layer.Reshape r) {
            return g.node("Reshape", new String[] {x, g.int64s(p + "shape", -1, r.channels(), r.height(), r.width())});
        } else if (layer instanceof Layer.DepthToSpace d) {
            return g.node("DepthToSpace", new String[] {x}, integer("blocksize", d.block()), string("mode", "CRD"));
        } else if (layer instanceof Layer.Bias) {
            return g.node("Add", new String[] {x, weight(g, p + "bias", child, "bias")});
        } else if (layer instanceof Layer.Tanh) {
            return g.node("Tanh", new String[] {x});
        }
        throw new IllegalArgumentException("no ONNX form for " + layer);
    }

    private static String conv(OnnxGraphBuilder g, Layer.Conv c, String x, String weight, String bias) {
        return g.node("Conv", new String[] {x, weight, bias},
                ints("kernel_shape", c.kernel(), c.kernel()),
                ints("strides", c.stride(), c.stride()),
                ints("pads", c.pad(), c.pad(), c.pad(), c.pad()));
    }

    private static String gemm(OnnxGraphBuilder g, String x, String weight, String bias) {
        return g.node("Gemm", new String[] {x, weight, bias}, integer("transB", 1));
    }

    private static float[] values(Block block, String parameter) {
        return block.getParameters().get(parameter).getArray().toFloatArray();
    }

    private static long[] shape(Block block, String parameter) {
        return block.getParameters().get(parameter).getArray().getShape().getShape();
    }

    private static String weight(OnnxGraphBuilder g, String name, Block block, String parameter) {
        NDArray array = block.getParameters().get(parameter).getArray();
        return g.floats(name, array.toFloatArray(), array.getShape().getShape());
    }

    /** A convolution's or linear layer's weight as inference applies it (spectral norm included). */
    private static String inferenceWeight(OnnxGraphBuilder g, String name, Block block) {
        NDArray array = DjlNetworks.inferenceWeight(block);
        return g.floats(name, array.toFloatArray(), array.getShape().getShape());
    }

    private static void write(ModelProto model, Path file) throws IOException {
        AtomicFiles.write(file, model::writeTo);
    }
}
