package dev.ali4j.trainer.report;

import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real run small enough for tests: two epochs of five steps on the embedded sample. */
final class TinyRun {

    static final TrainingConfig CONFIG = TrainingConfig.builder().architecture("gray28-tiny").epochs(2).batchSize(20)
            .trainLimit(100).averageDecay(0.9f).seed(3).build();

    private static Path shared;

    private TinyRun() {}

    /**
     * One run for all the report's test classes (trained on first use, deleted when the JVM
     * exits): training is what takes their time. Tests copy it before changing anything.
     */
    static synchronized Path shared() throws IOException {
        if (shared == null) {
            Path directory = Files.createTempDirectory("ali4j-tiny-run");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
            shared = train(directory.resolve("run"));
        }
        return shared;
    }

    /** Trains it into {@code directory} with the standard listeners, report.html included. */
    static Path train(Path directory) throws IOException {
        new LatentModelTrainer(CONFIG).fit(DataSets.open("embedded"), directory);
        return directory;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
