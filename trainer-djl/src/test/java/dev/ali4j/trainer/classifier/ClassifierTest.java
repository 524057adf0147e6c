package dev.ali4j.trainer.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static DataSplits data;
    static Path trained;
    static ClassifierTrainer.Result result;

    /** One short epoch of a narrow classifier on 2,000 images of the embedded sample: 40 steps of 50. */
    @BeforeAll
    static void trainBriefly() throws IOException {
        data = DataSets.open("embedded");
        trained = shared.resolve("classifier");
        result = new ClassifierTrainer(new ClassifierConfig(1, 50, 2e-3f, 5, 2000, 8, 32)).fit(data, trained);
    }

    @Test
    void aFewStepsBeatChanceClearlyAndLeaveBothFilesAndNoTemporaryOne() throws IOException {
        ClassifierInfo info = result.info();
        // Ten classes: chance is 0.1. 40 steps reach about 0.7; 0.4 leaves room for other machines.
        assertTrue(info.testAccuracy() > 0.4, "test accuracy " + info.testAccuracy());
        assertEquals(1000, info.testImages());
        assertEquals(2000, info.trainImages());
        assertEquals(10, info.architecture().classes());
        assertEquals(5, info.seed());
        assertTrue(info.data().startsWith("embedded"), info.data());
        assertEquals(1, result.epochs().size());
        assertEquals(info.testAccuracy(), result.epochs().get(0).testAccuracy());
        try (Stream<Path> files = Files.list(trained)) {
            assertEquals(List.of(ClassifierFiles.JSON, ClassifierFiles.PARAMS),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String json = Files.readString(trained.resolve(ClassifierFiles.JSON));
        assertTrue(json.contains("\"test_accuracy\"") && json.contains("\"feature_size\" : 32"), json);
    }

    @Test
    void theLoadedClassifierReproducesTheRecordedTestAccuracy() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier m = FrozenClassifier.load(trained, manager)) {
            assertEquals(result.info().testAccuracy(), m.accuracy(data.test(), 0));
            assertEquals(32, m.featureSize());
            assertEquals(10, m.classes());
        }
    }

    @Test
    void featuresAndClassesOfManyImagesMatchTheirSeparatePasses() throws IOException {
        int count = 130; // more than one batch of 100, and a partial one
        float[] images = data.test().rangeScaled(0, count, ClassifierArchitecture.PIXEL_MIN, ClassifierArchitecture.PIXEL_MAX);
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier m = FrozenClassifier.load(trained, manager)) {
            FrozenClassifier.Outputs outputs = m.featuresAndClasses(images, count);
            assertArrayEquals(m.predict(images, count), outputs.classes());
            ClassifierArchitecture a = m.architecture();
            NDArray x = manager.create(images, new Shape(count, a.channels(), a.height(), a.width()));
            assertArrayEquals(m.features(x).toFloatArray(), outputs.features(), 1e-5f);
            assertThrows(IllegalArgumentException.class, () -> m.featuresAndClasses(images, count + 1));
        }
    }

    @Test
    void saveAndLoadGiveIdenticalLogitsAndFeatures() throws IOException {
        ClassifierArchitecture arch = new ClassifierArchitecture(1, 28, 28, 3, 4, 16, 0.5f);
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierNetwork network = new ClassifierNetwork(arch, manager);
            ClassifierInfo info = new ClassifierInfo(ClassifierInfo.FORMAT, ClassifierInfo.VERSION, arch, null, null, 0.5,
                    10, "random", 20, 1, 10, 1e-3f, 11, Map.of());
            ClassifierFiles.write(dir, network, info);
            NDArray x = manager.randomUniform(-1, 1, new Shape(6, 1, 28, 28));
            try (FrozenClassifier loaded = FrozenClassifier.load(dir, manager)) {
                assertArrayEquals(network.logits(x, false).toFloatArray(), loaded.logits(x).toFloatArray());
                assertArrayEquals(network.features(x, false).toFloatArray(), loaded.features(x).toFloatArray());
                assertEquals(new Shape(6, 3), loaded.logits(x).getShape());
                assertEquals(new Shape(6, 16), loaded.features(x).getShape());
                assertEquals(16, loaded.featureSize());
                assertEquals(arch, loaded.architecture());
            }
        }
    }

    @Test
    void gradientsFlowThroughTheFrozenClassifierToItsInputButNeverToItsParameters() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier m = FrozenClassifier.load(trained, manager)) {
            List<Parameter> parameters = m.network().allParameters();
            List<float[]> before = new ArrayList<>();
            for (Parameter p : parameters) {
                before.add(p.getArray().toFloatArray());
            }
            // Stands in for G: a trainable array whose output M judges, as GALI's objective does.
            NDArray generatorWeight = manager.ones(new Shape(1, 1, 28, 28));
            generatorWeight.setRequiresGradient(true);
            NDArray images = manager.randomUniform(-1, 1, new Shape(8, 1, 28, 28));
            NDArray targets = m.features(manager.randomUniform(-1, 1, new Shape(8, 1, 28, 28)));
            for (int step = 0; step < 2; step++) {
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray generated = images.mul(generatorWeight).tanh();
                    NDArray loss = m.features(generated).sub(targets).square().mean()
                            .add(m.logits(generated).square().mean());
                    collector.backward(loss);
                }
                NDArray gradient = generatorWeight.getGradient();
                assertTrue(gradient.abs().sum().getFloat() > 0, "no gradient reached the input side");
                gradient.subi(gradient); // what an optimizer does after using it
            }
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                assertFalse(p.getArray().hasGradient(), p.getName() + " tracks a gradient");
                assertArrayEquals(before.get(i), p.getArray().toFloatArray(), p.getName() + " changed");
            }
        }
    }

    @Test
    void aMissingOrDamagedDirectoryIsRefusedWithTheFileNamed() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path absent = dir.resolve("absent");
            NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                    () -> FrozenClassifier.load(absent, manager));
            assertTrue(missing.getMessage().contains("absent") && missing.getReason().contains("no classifier directory"),
                    missing.getMessage());

            Path empty = Files.createDirectories(dir.resolve("empty"));
            NoSuchFileException noJson = assertThrows(NoSuchFileException.class, () -> FrozenClassifier.load(empty, manager));
            assertTrue(noJson.getMessage().contains(ClassifierFiles.JSON), noJson.getMessage());

            Path corrupt = copy(trained, dir.resolve("corrupt"));
            Files.writeString(corrupt.resolve(ClassifierFiles.JSON), "{\"format\": \"ali4j-classifier\", \"version\": ");
            IOException badJson = assertThrows(IOException.class, () -> FrozenClassifier.load(corrupt, manager));
            assertTrue(badJson.getMessage().contains(ClassifierFiles.JSON)
                    && badJson.getMessage().contains("not a valid classifier description"), badJson.getMessage());

            Path foreign = copy(trained, dir.resolve("foreign"));
            Files.writeString(foreign.resolve(ClassifierFiles.JSON), "{\"format\": \"something-else\"}");
            IOException notOurs = assertThrows(IOException.class, () -> FrozenClassifier.load(foreign, manager));
            assertTrue(notOurs.getMessage().contains("not an ali4j classifier"), notOurs.getMessage());

            Path truncated = copy(trained, dir.resolve("truncated"));
            byte[] params = Files.readAllBytes(truncated.resolve(ClassifierFiles.PARAMS));
            Files.write(truncated.resolve(ClassifierFiles.PARAMS), java.util.Arrays.copyOf(params, params.length / 2));
            IOException damaged = assertThrows(IOException.class, () -> FrozenClassifier.load(truncated, manager));
            assertTrue(damaged.getMessage().contains(ClassifierFiles.PARAMS)
                    && damaged.getMessage().contains("checksum"), damaged.getMessage());
        }
    }

    @Test
    void unlabelledOrDifferentlyShapedImagesAreRefused() throws IOException {
        ImageSet unlabelled = ImageSet.of("unlabelled", 1, 28, 28, new byte[2 * 28 * 28], null);
        ImageSet small = ImageSet.of("small", 1, 8, 8, new byte[2 * 8 * 8], new int[] {0, 1});
        try (NDManager manager = NDManager.newBaseManager();
                FrozenClassifier m = FrozenClassifier.load(trained, manager)) {
            IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
                    () -> m.accuracy(unlabelled, 0));
            assertTrue(noLabels.getMessage().contains("unlabelled has no labels"), noLabels.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> m.accuracy(small, 0));
            assertTrue(shape.getMessage().contains("1x8x8 but the classifier takes 1x28x28"), shape.getMessage());
            IllegalArgumentException tensor = assertThrows(IllegalArgumentException.class,
                    () -> m.features(manager.zeros(new Shape(2, 1, 8, 8))));
            assertTrue(tensor.getMessage().contains("images are 1x8x8 but the classifier takes 1x28x28"),
                    tensor.getMessage());
        }
        DataSplits noLabels = new DataSplits(unlabelled, unlabelled, "unlabelled");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierTrainer(new ClassifierConfig(1, 2, 1e-3f, 1, 0, 2, 2)).fit(noLabels, dir));
        assertTrue(e.getMessage().contains("has no labels"), e.getMessage());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of(ClassifierFiles.JSON, ClassifierFiles.PARAMS)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
        return to;
    }
}
