package dev.ali4j.trainer.eval;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.LatentModel;
import dev.ali4j.trainer.classifier.ClassifierArchitecture;
import dev.ali4j.trainer.classifier.FrozenClassifier;
import dev.ali4j.trainer.data.ImageSet;

/**
 * Whether reconstructions keep their input's class, judged by a separately trained classifier
 * (SPEC.md: GALI's label preservation).
 *
 * <p>{@code label_preservation} is the classifier's accuracy on G(mu(x)) against x's true label;
 * {@code classifier_accuracy} is its accuracy on x itself, the ceiling: a model whose
 * reconstructions were perfect would score exactly that.
 */
public final class LabelPreservation {

    private LabelPreservation() {}

    /**
     * The measurement.
     *
     * @param images test images evaluated
     * @param labelPreservation accuracy on G(mu(x)) against x's labels, in [0, 1]
     * @param classifierAccuracy accuracy on x, in [0, 1]
     */
    public record Result(int images, double labelPreservation, double classifierAccuracy) {}

    /**
     * Evaluates on the first {@code limit} images of {@code test} (all when limit is 0).
     *
     * @throws IllegalArgumentException if {@code test} has no labels, or the model, the
     *     classifier and the images do not all have the same shape
     */
    public static Result evaluate(LatentModel model, FrozenClassifier classifier, ImageSet test, int limit) {
        classifier.checkLabelledImagesFit(test);
        ImageSpec spec = model.manifest().image();
        if (spec.pixelMin() != ClassifierArchitecture.PIXEL_MIN
                || spec.pixelMax() != ClassifierArchitecture.PIXEL_MAX) {
            throw new IllegalArgumentException("the classifier takes pixels in [-1, 1] but the model's images are in ["
                    + spec.pixelMin() + ", " + spec.pixelMax() + "]");
        }
        int n = limit > 0 ? Math.min(limit, test.size()) : test.size();
        if (n < 1) {
            throw new IllegalArgumentException("no test images to evaluate");
        }
        float[] reconstructions = ReconstructionEval.reconstruct(model, test, n);
        double preserved = FrozenClassifier.accuracy(classifier.predict(reconstructions, n), test, 0);
        return new Result(n, preserved, classifier.accuracy(test, n));
    }
}
