package dev.ali4j.trainer.data;

import dev.ali4j.api.ImageSpec;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
        ImageSpec.checkShape("the test images (" + test.name() + ")", test.channels(), test.height(), test.width(),
                "the train images (" + train.name() + ") are", train.channels(), train.height(), train.width());
    }

    /**
     * Both splits cut down to the images of some classes, e.g. one class for one-class anomaly
     * detection ({@code --classes}); an empty set keeps everything.
     *
     * @throws IllegalArgumentException if the data has no labels, or a split has none of the classes
     */
    public DataSplits onlyClasses(Set<Integer> classes) {
        if (classes.isEmpty()) {
            return this;
        }
        ImageSet keptTrain = only(train, "training", classes);
        ImageSet keptTest = only(test, "test", classes);
        String list = classes.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        return new DataSplits(keptTrain, keptTest, description + ", classes " + list + " only (" + keptTrain.size()
                + " train / " + keptTest.size() + " test)");
    }

    private ImageSet only(ImageSet split, String splitName, Set<Integer> classes) {
        try {
            return split.onlyLabels(classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--classes: in the " + splitName + " split of " + description + ", "
                    + e.getMessage(), e);
        }
    }
}
