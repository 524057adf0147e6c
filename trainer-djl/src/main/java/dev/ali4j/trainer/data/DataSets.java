package dev.ali4j.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Resolves the {@code --data} option to a training and a test split.
 *
 * <ul>
 *   <li>{@code embedded} (the default): a 10,000-image Fashion-MNIST sample shipped in the jar,
 *       split 9,000 train / 1,000 held out;</li>
 *   <li>{@code fashion-mnist}: the full set in {@code /usr/share/datasets/fashion-mnist}
 *       (Debian's {@code dataset-fashion-mnist} package), 60,000 train / 10,000 test;</li>
 *   <li>{@code mnist}: MNIST in {@code /usr/share/datasets/mnist}, if installed there;</li>
 *   <li>anything else: a directory holding {@code train-images-idx3-ubyte},
 *       {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 *       {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz} (labels optional). Write
 *       {@code ./mnist} for a directory that happens to be called like a keyword.</li>
 * </ul>
 *
 * <pre>{@code
 * DataSplits data = DataSets.open("embedded");
 * log.info("data: {}", data.description());
 * }</pre>
 */
public final class DataSets {
    /** The spec used when {@code --data} is not given. */
    public static final String DEFAULT_SPEC = "embedded";

    static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final Path MNIST_DIR = Path.of("/usr/share/datasets/mnist");

    private DataSets() {
    }

    /**
     * Loads the data named by {@code spec}.
     *
     * @throws IOException naming the missing or malformed file or directory
     * @throws IllegalArgumentException if {@code spec} is blank
     */
    public static DataSplits open(String spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (spec.isBlank()) {
            throw new IllegalArgumentException("--data is empty; use " + DEFAULT_SPEC
                    + ", fashion-mnist, mnist or a directory of IDX files");
        }
        switch (spec) {
            case "embedded":
                return EmbeddedSample.read();
            case "fashion-mnist":
                return IdxDirectory.read(FASHION_MNIST_DIR, "fashion-mnist",
                        "install Debian's dataset-fashion-mnist package or pass --data DIR");
            case "mnist":
                return IdxDirectory.read(MNIST_DIR, "mnist",
                        "MNIST is not installed there; pass --data DIR with a directory holding its IDX files");
            default:
                return IdxDirectory.read(Path.of(spec), "IDX directory",
                        "--data takes " + DEFAULT_SPEC + ", fashion-mnist, mnist or a directory holding "
                                + IdxDirectory.TRAIN_IMAGES + "[.gz] and " + IdxDirectory.TEST_IMAGES + "[.gz]");
        }
    }
}
