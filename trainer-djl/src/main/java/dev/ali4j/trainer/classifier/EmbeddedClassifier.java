package dev.ali4j.trainer.classifier;

import dev.ali4j.api.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Fashion-MNIST classifier shipped in the jar: {@code ali train-classifier --data
 * fashion-mnist} (5 epochs, seed 42) on the training split only, test accuracy 0.9106. The
 * embedded sample's held-out images come from the test split, so it never saw them; the demo
 * uses it to report label preservation.
 */
public final class EmbeddedClassifier {

    private static final String RESOURCES = "fashion-mnist/";

    private EmbeddedClassifier() {}

    /**
     * Writes the classifier's two files into {@code directory} (created if needed), each
     * atomically, so that {@link FrozenClassifier#load} and {@code ali eval --classifier} read it.
     *
     * @return {@code directory}
     */
    public static Path copyTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (String name : List.of(ClassifierFiles.JSON, ClassifierFiles.PARAMS)) {
            try (InputStream in = EmbeddedClassifier.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new NoSuchFileException("classpath:dev/ali4j/trainer/classifier/" + RESOURCES + name, null,
                            "embedded classifier missing from the class path (was the jar built without its resources?)");
                }
                byte[] bytes = in.readAllBytes();
                AtomicFiles.write(directory.resolve(name), out -> out.write(bytes));
            }
        }
        return directory;
    }
}
