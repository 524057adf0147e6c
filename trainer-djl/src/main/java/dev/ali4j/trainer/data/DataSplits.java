package dev.ali4j.trainer.data;

import java.util.Objects;

/**
 * A training set and a held-out test set of the same image shape, with a one-line description
 * of where they came from for logs and manifests, e.g. {@code "fashion-mnist
 * (/usr/share/datasets/fashion-mnist, 60000 train / 10000 test)"}.
 *
 * @param train the images to train on
 * @param test images held out from training, for evaluation
 * @param description where the data came from and how big each split is
 */
public record DataSplits(ImageSet train, ImageSet test, String description) {

    /** @throws IllegalArgumentException if the two splits hold differently shaped images */
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(description, "description");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException("train images (" + shape(train) + ", " + train.name()
                    + ") and test images (" + shape(test) + ", " + test.name() + ") differ in shape");
        }
    }

    private static String shape(ImageSet set) {
        return set.channels() + "x" + set.height() + "x" + set.width();
    }
}
