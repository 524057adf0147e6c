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
 *   <li>{@code cifar10:DIR}: CIFAR-10's binary batches, 3x32x32 ({@link Cifar10Reader});</li>
 *   <li>{@code svhn:DIR}: SVHN's {@code train_32x32.mat} and {@code test_32x32.mat}, 3x32x32
 *       ({@link SvhnReader});</li>
 *   <li>{@code folder:DIR}: a folder of PNG/JPEG images, fitted to the size the caller asks for
 *       ({@link ImageFolderReader}); only through {@link #open(String, int, int, int)};</li>
 *   <li>{@code idx:DIR}, or any other text taken as a directory: a directory holding {@code
 *       train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 *       and {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz} (labels optional). Write
 *       {@code ./mnist} for a directory that happens to be called like a keyword.</li>
 * </ul>
 *
 * <p>Every format but {@code folder:} has a fixed image shape, which the caller checks against
 * its architecture; {@code folder:} images are resized to the shape given.
 *
 * <pre>{@code
 * DataSplits data = DataSets.open("embedded");
 * DataSplits faces = DataSets.open("folder:faces", 3, 64, 64); // the architecture's C, H, W
 * log.info("data: {}", data.description());
 * }</pre>
 */
public final class DataSets {
    /** The spec used when {@code --data} is not given. */
    public static final String DEFAULT_SPEC = "embedded";
    /** Every form {@code --data} takes, for messages. */
    public static final String FORMS = DEFAULT_SPEC + ", fashion-mnist, mnist, cifar10:DIR, svhn:DIR, folder:DIR,"
            + " idx:DIR or a directory of IDX files";

    static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final Path MNIST_DIR = Path.of("/usr/share/datasets/mnist");
    static final String CIFAR10 = "cifar10:";
    static final String SVHN = "svhn:";
    static final String FOLDER = "folder:";
    static final String IDX = "idx:";

    private DataSets() {
    }

    /**
     * Loads the data named by {@code spec}, in its own image shape. Image folders need a target
     * shape: open them with {@link #open(String, int, int, int)}.
     *
     * @throws IOException naming the missing or malformed file or directory
     * @throws IllegalArgumentException if {@code spec} is blank, or a {@code folder:} spec
     */
    public static DataSplits open(String spec) throws IOException {
        return open(spec, null);
    }

    /**
     * Loads the data named by {@code spec}; images of a {@code folder:} spec are fitted to
     * {@code channels x height x width} (see {@link ImageFolderReader}), the other formats keep
     * their own shape.
     *
     * @param channels 1 (grey) or 3 (RGB)
     * @throws IOException naming the missing or malformed file or directory
     * @throws IllegalArgumentException if {@code spec} is blank or the shape impossible
     */
    public static DataSplits open(String spec, int channels, int height, int width) throws IOException {
        return open(spec, new int[] {channels, height, width});
    }

    private static DataSplits open(String spec, int[] target) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (spec.isBlank()) {
            throw new IllegalArgumentException("--data is empty; use " + FORMS);
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
                break;
        }
        if (spec.startsWith(CIFAR10)) {
            return Cifar10Reader.readDirectory(directory(spec, CIFAR10));
        }
        if (spec.startsWith(SVHN)) {
            return SvhnReader.readDirectory(directory(spec, SVHN));
        }
        if (spec.startsWith(FOLDER)) {
            Path dir = directory(spec, FOLDER);
            if (target == null) {
                throw new IllegalArgumentException(spec + ": an image folder needs a target image size;"
                        + " open it with DataSets.open(spec, channels, height, width)");
            }
            return ImageFolderReader.read(dir, target[0], target[1], target[2]);
        }
        Path idx = spec.startsWith(IDX) ? directory(spec, IDX) : Path.of(spec);
        return IdxDirectory.read(idx, "IDX directory", "--data takes " + FORMS + " (holding "
                + IdxDirectory.TRAIN_IMAGES + "[.gz] and " + IdxDirectory.TEST_IMAGES + "[.gz])");
    }

    private static Path directory(String spec, String prefix) {
        String dir = spec.substring(prefix.length());
        if (dir.isBlank()) {
            throw new IllegalArgumentException("--data " + spec + " names no directory; write " + prefix + "DIR");
        }
        return Path.of(dir);
    }
}
