package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import dev.ali4j.trainer.eval.Evaluation;
import dev.ali4j.trainer.eval.EvaluationReport;
import dev.ali4j.trainer.eval.EvaluationSuite;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.export.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Benchmark, not product: how the codes G is measured on change what it draws. Prints the spread
 * of the encoder's codes (variance of mu per dimension, mean sigma^2) on the first 2,000 test
 * images, then, for each way of measuring G's batch norm, pixel MSE, label preservation and FID,
 * all through generator.onnx measured that way:
 * mu (G on mu(x), what generator.onnx holds), prior (z ~ N(0, I), what sampler.onnx holds),
 * post (mu + sigma * eps), mix (half mu(x), half prior in every batch).
 * Run with trainer-djl/bench/generator-statistics.sh.
 */
public final class GeneratorStatistics {
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String[] modes = args[2].split(",");
        DataSplits splits = DataSets.open(args[3], 1, 28, 28);
        Path classifier = Path.of(args[4]);
        Path checkpoint = run.resolve(Checkpoint.FILE_NAME);
        Checkpoint.Header header = Checkpoint.readHeader(checkpoint);
        for (String mode : modes) {
            try (NDManager manager = NDManager.newBaseManager()) {
                LatentNetworks networks = Checkpoint.loadForInference(checkpoint, manager);
                if (!mode.equals("mu")) {
                    measureGenerator(networks, splits.train(), header.config().batchSize(), manager, mode);
                }
                Path bundle = out.resolve("bundle-" + mode);
                BundleManifest manifest = BundleExporter.export(networks, header, bundle, manager);
                Files.delete(bundle.resolve(OnnxExporter.SAMPLER_FILE)); // FID through this generator.onnx
                Bundles.write(bundle, manifest.toBuilder().sampler(null).files(java.util.Map.of()).build());
                if (mode.equals("mu")) {
                    printSpread(bundle, splits.test());
                }
                EvaluationReport r = EvaluationSuite.run(bundle, splits, Evaluation.defaults()
                        .withClassifier(classifier).withProbe(false).withInpainting(false).withThreads(1));
                System.out.printf("%s G measured on %-5s pixel_mse %.4f label_preservation %.4f fid_classifier %.1f%n",
                        run, mode, r.reconstruction().pixelMse(), r.labels().orElseThrow().labelPreservation(),
                        r.fid().orElseThrow().distance());
            }
        }
    }

    private static void printSpread(Path bundle, ImageSet test) throws Exception {
        try (OnnxLatentModel model = OnnxLatentModel.load(bundle, RuntimeOptions.builder().intraOpThreads(1).build())) {
            ImageSpec spec = model.manifest().image();
            int d = model.manifest().latent().size();
            int n = Math.min(2000, test.size()) / 100 * 100;
            double[] sum = new double[d];
            double[] squares = new double[d];
            double sigma2 = 0;
            for (int from = 0; from < n; from += 100) {
                float[] x = test.rangeScaled(from, 100, spec.pixelMin(), spec.pixelMax());
                Latents codes = model.encode(new ImageTensor(x, 100, spec.channels(), spec.height(), spec.width()));
                for (int i = 0; i < 100 * d; i++) {
                    sum[i % d] += codes.mu()[i];
                    squares[i % d] += (double) codes.mu()[i] * codes.mu()[i];
                    sigma2 += Math.exp(2.0 * codes.logSigma()[i]);
                }
            }
            double variance = 0;
            for (int k = 0; k < d; k++) {
                double mean = sum[k] / n;
                variance += squares[k] / n - mean * mean;
            }
            System.out.printf("%s codes of %d test images: variance of mu per dimension %.3f, mean sigma^2 %.3f%n",
                    bundle, n, variance / d, sigma2 / n / d);
        }
    }

    /** As BatchNormRecalibration, G only, on the codes {@code mode} names. */
    private static void measureGenerator(LatentNetworks networks, ImageSet train, int batch, NDManager manager,
            String mode) {
        var arch = networks.architecture();
        Random random = new Random(7);
        int d = arch.latentSize();
        int[] indices = new int[batch];
        float[] images = new float[batch * arch.imageSize()];
        float[] eps = new float[batch * d];
        BatchNormRecalibration.measure(
                BatchNormRecalibration.runningStatistics(BatchNormRecalibration.generatorState(networks)),
                BatchNormRecalibration.momenta(List.of(arch.generator())), manager, () -> {
                    for (int i = 0; i < batch; i++) {
                        indices[i] = random.nextInt(train.size());
                    }
                    train.copyBatchScaled(indices, arch.imageSpec().pixelMin(), arch.imageSpec().pixelMax(), images);
                    for (int i = 0; i < eps.length; i++) {
                        eps[i] = (float) random.nextGaussian();
                    }
                    NDList e = networks.encode(manager.create(images, new Shape(batch, arch.channels(),
                            arch.height(), arch.width())), false);
                    NDArray mu = e.get(0);
                    NDArray noise = manager.create(eps, new Shape(batch, d));
                    NDArray codes = switch (mode) {
                        case "prior" -> noise;
                        case "post" -> mu.add(e.get(1).exp().mul(noise));
                        case "mix" -> NDArrays.concat(new NDList(mu.get("0:" + batch / 2), noise.get(batch / 2 + ":")));
                        default -> throw new IllegalArgumentException("mode: mu, prior, post or mix, got " + mode);
                    };
                    networks.generate(codes, true);
                });
    }
}
