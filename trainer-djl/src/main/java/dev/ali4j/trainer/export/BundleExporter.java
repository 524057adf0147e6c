package dev.ali4j.trainer.export;

import ai.djl.ndarray.NDManager;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.LatentSpec;
import dev.ali4j.api.ModelFile;
import dev.ali4j.api.TrainingInfo;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.objective.Objective;
import dev.ali4j.trainer.Versions;
import dev.ali4j.trainer.train.BatchNormRecalibration;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a training checkpoint into a model bundle: {@code encoder.onnx}, {@code generator.onnx}
 * (G with its batch norm measured on the encoder's means, for reconstructions), {@code sampler.onnx}
 * (the same G measured on prior codes, for new images: {@code BatchNormRecalibration}),
 * {@code discriminator.onnx} (for anomaly scores, where the objective's D judges (x, E(x)) pairs)
 * and a {@code manifest.json} that records how the model was trained and the files' SHA-256.
 */
public final class BundleExporter {

    private BundleExporter() {}

    /**
     * Exports the checkpoint in {@code runOrCheckpoint} (a run directory or the checkpoint file).
     *
     * @return the manifest written
     */
    public static BundleManifest export(Path runOrCheckpoint, Path bundleDirectory) throws IOException {
        Path checkpoint = Files.isDirectory(runOrCheckpoint)
                ? runOrCheckpoint.resolve(Checkpoint.FILE_NAME) : runOrCheckpoint;
        Checkpoint.Header header = Checkpoint.readHeader(checkpoint);
        try (NDManager manager = NDManager.newBaseManager()) {
            LatentNetworks networks = Checkpoint.loadForInference(checkpoint, manager);
            return export(networks, header, bundleDirectory, manager);
        }
    }

    /** Exports networks already in memory; G's batch-norm statistics are as they were afterwards. */
    public static BundleManifest export(LatentNetworks networks, Checkpoint.Header header, Path bundleDirectory,
            NDManager manager) throws IOException {
        OnnxExporter exporter = new OnnxExporter(Versions.ALI4J);
        exporter.export(networks, bundleDirectory);
        Architecture arch = networks.architecture();
        TrainingConfig config = header.config();
        BatchNormRecalibration.withGeneratorOnPrior(networks, config.batchSize(), config.seed(), manager,
                () -> exporter.exportSampler(networks, bundleDirectory));
        // D(x, mu(x)) means something for one image only where D's class 0 is (x, E(x)).
        boolean withDiscriminator = Objective.compile(config.objective()).firstTupleIsDataPair();
        if (withDiscriminator) {
            exporter.exportDiscriminator(networks, bundleDirectory);
        } else {
            Files.deleteIfExists(bundleDirectory.resolve(OnnxExporter.DISCRIMINATOR_FILE));
        }
        TrainingInfo training = TrainingInfo.builder()
                .objective(config.objective().name())
                .architecture(arch.name())
                .dataset(header.dataset())
                .steps(header.step())
                .epochs(header.epoch())
                .batchSize(config.batchSize())
                .seed(config.seed())
                .versions(Versions.all())
                .build();
        BundleManifest manifest = BundleManifest.builder()
                .image(arch.imageSpec())
                .latent(new LatentSpec(arch.latentSize()))
                .encoder(ModelFile.encoder(OnnxExporter.ENCODER_FILE))
                .generator(ModelFile.generator(OnnxExporter.GENERATOR_FILE))
                .sampler(ModelFile.generator(OnnxExporter.SAMPLER_FILE))
                .discriminator(withDiscriminator ? ModelFile.discriminator(OnnxExporter.DISCRIMINATOR_FILE) : null)
                .training(training)
                .build();
        return Bundles.write(bundleDirectory, manifest);
    }
}
