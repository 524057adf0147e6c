package dev.ali4j.trainer.export;

import dev.ali4j.trainer.arch.Architecture;
import dev.ali4j.trainer.classifier.ClassifierConfig;
import dev.ali4j.trainer.classifier.ClassifierTrainer;
import dev.ali4j.trainer.data.SyntheticImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real classifier, two channels wide, trained for two steps on labelled synthetic images. */
final class TinyClassifier {

    private TinyClassifier() {}

    /** The classifier for {@code arch}'s image shape under {@code dir}, trained on first use. */
    static Path trained(Architecture arch, Path dir) throws IOException {
        Path out = dir.resolve("classifier-" + arch.channels() + "x" + arch.height());
        if (!Files.exists(out.resolve("classifier.json"))) {
            new ClassifierTrainer(new ClassifierConfig(1, 4, 1e-3f, 1, 0, 2, 4))
                    .fit(SyntheticImages.splits(arch.channels(), arch.height(), 8, 4, 3), out);
        }
        return out;
    }
}
