package dev.ali4j.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory in the MNIST layout: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
 * each raw or with {@code .gz}. The image files are required; a missing label file leaves that
 * split unlabelled, since ALI itself trains without labels.
 */
final class IdxDirectory {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private IdxDirectory() {
    }

    /**
     * Reads both splits.
     *
     * @param label what to call the data in the description, e.g. "fashion-mnist"
     * @param missingHint what to tell the user if the directory does not exist
     */
    static DataSplits read(Path dir, String label, String missingHint) throws IOException {
        DataFiles.requireDirectory(dir, missingHint);
        Path trainImages = find(dir, TRAIN_IMAGES);
        Path testImages = find(dir, TEST_IMAGES);
        List<String> missing = new ArrayList<>();
        if (trainImages == null) {
            missing.add(TRAIN_IMAGES);
        }
        if (testImages == null) {
            missing.add(TEST_IMAGES);
        }
        if (!missing.isEmpty()) {
            throw DataFiles.missing(dir, lookedFor(missing), "an MNIST-layout directory needs "
                    + String.join(", ", lookedFor(List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)))
                    + "; the label files are optional");
        }
        ImageSet train = IdxReader.readImages(trainImages, find(dir, TRAIN_LABELS));
        ImageSet test = IdxReader.readImages(testImages, find(dir, TEST_LABELS));
        String description = String.format("%s (%s, %d train / %d test)", label, dir, train.size(), test.size());
        return new DataSplits(train, test, description);
    }

    /** The raw file if present (it reads faster), else the gzip one, else null. */
    private static Path find(Path dir, String baseName) {
        for (String candidate : new String[] {baseName, baseName + ".gz"}) {
            Path path = dir.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    private static List<String> lookedFor(List<String> baseNames) {
        return baseNames.stream().map(name -> name + "[.gz]").toList();
    }
}
