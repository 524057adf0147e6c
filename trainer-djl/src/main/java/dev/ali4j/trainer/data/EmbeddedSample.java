package dev.ali4j.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * The Fashion-MNIST test split shipped on the class path (see {@code fashion-mnist/README.txt}
 * beside this class), so that training and tests work with no download. It is the only split
 * shipped, so it is cut deterministically: the first 9,000 images train, the last 1,000 are
 * held out.
 */
final class EmbeddedSample {
    static final int TRAIN_SIZE = 9_000;
    private static final String DIR = "fashion-mnist/";
    private static final String IMAGES = DIR + IdxDirectory.TEST_IMAGES + ".gz";
    private static final String LABELS = DIR + IdxDirectory.TEST_LABELS + ".gz";

    private EmbeddedSample() {
    }

    static DataSplits read() throws IOException {
        ImageSet all = IdxReader.readImages(resource(IMAGES), classPathName(IMAGES),
                resource(LABELS), classPathName(LABELS));
        ImageSet train = all.slice(0, TRAIN_SIZE);
        ImageSet test = all.slice(TRAIN_SIZE, all.size());
        String description = String.format("embedded Fashion-MNIST sample (%d train / %d held out)",
                train.size(), test.size());
        return new DataSplits(train, test, description);
    }

    private static InputStream resource(String relative) throws NoSuchFileException {
        InputStream in = EmbeddedSample.class.getResourceAsStream(relative);
        if (in == null) {
            throw new NoSuchFileException(classPathName(relative), null,
                    "embedded sample missing from the class path (was the jar built without its resources?)");
        }
        return in;
    }

    private static String classPathName(String relative) {
        return "classpath:" + EmbeddedSample.class.getPackageName().replace('.', '/') + "/" + relative;
    }
}
