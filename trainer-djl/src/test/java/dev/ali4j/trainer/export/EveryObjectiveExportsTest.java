package dev.ali4j.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.trainer.arch.LatentNetworks;
import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.data.SyntheticImages;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.objective.Stabilisers;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.Checkpoint;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every objective preset on every architecture family: two real training steps, export, and
 * ONNX Runtime matching DJL within 1e-4, the discriminator included where the bundle has one. Two
 * objectives also turn every stabiliser on, so that G's output bias and a spectrally normalised D
 * of twice the width, trained with clipped gradients, are exported and checked too.
 */
class EveryObjectiveExportsTest {

    @TempDir
    static Path dir;

    static List<Arguments> objectivesAndArchitectures() {
        List<Arguments> out = new ArrayList<>();
        for (String objective : Objectives.names()) {
            for (String arch : List.of("gray28-tiny", "rgb32-tiny", "rgb64-tiny")) {
                out.add(Arguments.of(objective, arch));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("objectivesAndArchitectures")
    void trainsExportsAndMatchesOnnxRuntime(String objective, String preset) throws Exception {
        Architecture arch = Presets.byName(preset);
        boolean allStabilisers = objective.equals("gali-4") || objective.equals("alice");
        Stabilisers stabilisers = allStabilisers
                ? new Stabilisers(true, 0.1f, 0.2f, 2, true).withDiscriminatorWidth(2).withGradientClip(0.5f)
                : Stabilisers.defaults();
        Path classifier = objective.equals("gali-pretrained") ? TinyClassifier.trained(arch, dir) : null;
        TrainingConfig config = TrainingConfig.builder().architecture(preset).epochs(1).batchSize(4).learningRate(2e-4f).seed(5).averageDecay(0.9f)
                .objective(objective).stabilisers(stabilisers)
                .classifier(classifier == null ? null : classifier.toString()).build();
        Path run = dir.resolve(objective + "-" + preset);
        LatentModelTrainer.Result result = new LatentModelTrainer(config)
                .fit(SyntheticImages.splits(arch.channels(), arch.height(), 8, 4, 3), run);
        assertEquals(2, result.steps());
        Path bundle = run.resolve("bundle");
        BundleManifest manifest = BundleExporter.export(run, bundle);
        assertEquals(objective, manifest.training().objective());

        try (NDManager manager = NDManager.newBaseManager();
                OnnxLatentModel onnx = OnnxLatentModel.load(bundle)) {
            LatentNetworks networks = Checkpoint.loadForInference(run.resolve(Checkpoint.FILE_NAME), manager);
            NDArray x = manager.randomUniform(-1, 1, new Shape(3, arch.channels(), arch.height(), arch.width()));
            ExportParityTest.assertClose(networks.encode(x, false).get(0).toFloatArray(),
                    onnx.encode(new ImageTensor(x.toFloatArray(), 3, arch.channels(), arch.height(), arch.width())).mu(),
                    "mu");
            NDArray z = manager.randomNormal(new Shape(3, arch.latentSize()));
            ExportParityTest.assertClose(networks.generate(z, false).toFloatArray(),
                    onnx.decode(z.toFloatArray(), 3).data(), "G(z)");
            boolean judgesDataPairs = List.of("ali", "alice", "alice-mu", "bigan", "gali-4").contains(objective);
            assertEquals(judgesDataPairs, onnx.hasDiscriminator(), "discriminator.onnx in the bundle");
            if (judgesDataPairs) {
                ExportParityTest.assertDiscriminatorMatches(networks, onnx, x, z);
            }
        }
    }
}
