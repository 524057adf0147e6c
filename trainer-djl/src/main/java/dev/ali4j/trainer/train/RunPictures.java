package dev.ali4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.LatentNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a run shows after every epoch: {@code samples.png} (G(z) for a fixed z) and
 * {@code reconstructions.png} (fixed held-out images beside G(mu(x))). Both show the weights an
 * export would take. Each epoch's pair is also kept, as {@code epochs/samples-N.png} and
 * {@code epochs/reconstructions-N.png}, for the report.
 */
public final class RunPictures implements TrainingListener {

    static final int SAMPLES = 64;
    static final int RECONSTRUCTIONS = 32;
    /** Where each epoch's pictures are kept, inside the run directory. */
    public static final String EPOCHS_DIRECTORY = "epochs";

    private NDArray fixedLatents;
    private float[] fixedImages;
    private int fixedCount;

    @Override
    public void onTrainingBegin(TrainingRun run) {
        Architecture arch = run.networks().architecture();
        // A seed of their own: samples.png shows the same z whatever the engine's RNG did.
        fixedLatents = run.manager().create(Sampling.standardNormal(SAMPLES * arch.latentSize(), run.config().seed()),
                new Shape(SAMPLES, arch.latentSize()));
        fixedCount = Math.min(RECONSTRUCTIONS, run.data().test().size());
        ImageSpec spec = arch.imageSpec();
        fixedImages = run.data().test().rangeScaled(0, fixedCount, spec.pixelMin(), spec.pixelMax());
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochResult epoch) throws IOException {
        LatentNetworks networks = run.networks();
        Architecture arch = networks.architecture();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = run.manager().create(fixedImages,
                    new Shape(fixedCount, arch.channels(), arch.height(), arch.width()));
            float[] reconstructions = networks.generate(networks.encode(x, false).get(0), false).toFloatArray();
            write(run.directory(), epoch.epoch(), "reconstructions", interleave(fixedImages, reconstructions, arch),
                    arch);
        }
        // Samples as the bundle's sampler.onnx draws them: G measured on prior codes.
        BatchNormRecalibration.withGeneratorOnPrior(networks, run.config().batchSize(), run.config().seed(),
                run.manager(), () -> {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        float[] samples = networks.generate(fixedLatents, false).toFloatArray();
                        write(run.directory(), epoch.epoch(), "samples",
                                new ImageTensor(samples, SAMPLES, arch.channels(), arch.height(), arch.width()), arch);
                    }
                });
    }

    private static void write(Path directory, int epoch, String name, ImageTensor grid, Architecture arch)
            throws IOException {
        ImageFiles.writeGrid(grid, 8, 2, arch.imageSpec(), directory.resolve(name + ".png"));
        Path kept = directory.resolve(EPOCHS_DIRECTORY);
        Files.createDirectories(kept);
        ImageFiles.writeGrid(grid, 8, 2, arch.imageSpec(), kept.resolve(name + "-" + epoch + ".png"));
    }

    /** x0, G(mu(x0)), x1, G(mu(x1)), ...: pairs side by side in an even-width grid. */
    private ImageTensor interleave(float[] originals, float[] reconstructions, Architecture arch) {
        int imageSize = arch.imageSize();
        float[] out = new float[2 * fixedCount * imageSize];
        for (int i = 0; i < fixedCount; i++) {
            System.arraycopy(originals, i * imageSize, out, 2 * i * imageSize, imageSize);
            System.arraycopy(reconstructions, i * imageSize, out, (2 * i + 1) * imageSize, imageSize);
        }
        return new ImageTensor(out, 2 * fixedCount, arch.channels(), arch.height(), arch.width());
    }
}
