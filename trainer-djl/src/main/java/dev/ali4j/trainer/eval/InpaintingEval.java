package dev.ali4j.trainer.eval;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Mask;
import dev.ali4j.trainer.data.ImageSet;
import java.util.Random;

/**
 * Inpainting error on held-out images (SPEC.md: GALI's inpainting error on masked rectangles),
 * measured through the runtime's {@link Inpainting}.
 *
 * <p>Each test image gets its own box from a seeded generator, drawn as the GALI inpainting
 * objective draws them in training ({@code StepVariables}): each side uniform between
 * {@code minSide} and {@code maxSide} of the image's (a quarter and a half by default), the
 * position uniform. The box is filled by {@link Inpainting#inpaint} and the squared error against
 * the true pixels is summed over the box's pixels only (every channel), pixels in [0, 1], and
 * divided by the number of those values: known pixels are pasted back exactly and would only
 * dilute the error. {@code inpainting_mse_shuffled} compares the same filled pixels with another
 * test image's pixels at the same places: the chance level.
 */
public final class InpaintingEval {

    private InpaintingEval() {}

    /**
     * The measurement.
     *
     * @param images test images evaluated, one box each
     * @param inpaintingMse mean squared error on the boxes' pixels, pixels in [0, 1]
     * @param inpaintingMseShuffled the filled pixels against another test image's
     * @param minSide the smallest box side drawn, pixels (of the height; widths scale alike)
     * @param maxSide the largest
     */
    public record Result(int images, double inpaintingMse, double inpaintingMseShuffled, int minSide, int maxSide) {}

    /**
     * A hole: columns {@code x .. x + width - 1}, rows {@code y .. y + height - 1}.
     */
    public record Box(int x, int y, int width, int height) {
        /** This box as a runtime mask of an {@code imageHeight x imageWidth} image. */
        public Mask mask(int imageHeight, int imageWidth) {
            return Mask.box(imageHeight, imageWidth, x, y, width, height);
        }
    }

    /**
     * Evaluates on the first {@code limit} images of {@code test} (all when 0).
     *
     * @param rounds inpainting rounds, at least 1 (see {@link Inpainting#inpaint})
     * @param minFraction smallest box side as a fraction of the image's side, in (0, 1]
     * @param maxFraction largest, at least {@code minFraction}, at most 1
     * @param seed seeds the boxes and the shuffled pairing
     */
    public static Result evaluate(LatentModel model, ImageSet test, int limit, int rounds, double minFraction,
            double maxFraction, long seed) {
        ImageSpec spec = model.manifest().image();
        spec.checkShape("test images", test.channels(), test.height(), test.width(), "the model takes");
        int n = limit > 0 ? Math.min(limit, test.size()) : test.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 test images, got " + n);
        }
        int c = spec.channels();
        int h = spec.height();
        int w = spec.width();
        int size = test.imageSize();
        Box[] boxes = boxes(n, h, w, minFraction, maxFraction, new Random(seed));
        float[] originals = test.rangeScaled(0, n, spec.pixelMin(), spec.pixelMax());
        float[] filled = new float[n * size];
        // Inpainting takes one mask per batch and the boxes differ, so one image per call.
        for (int i = 0; i < n; i++) {
            float[] x = new float[size];
            System.arraycopy(originals, i * size, x, 0, size);
            ImageTensor result = Inpainting.inpaint(model, new ImageTensor(x, 1, c, h, w), boxes[i].mask(h, w), rounds);
            System.arraycopy(result.data(), 0, filled, i * size, size);
        }
        int[] other = ReconstructionEval.derangement(n, new Random(seed));
        double range = spec.pixelMax() - spec.pixelMin();
        double[] errors = maskedErrors(originals, filled, boxes, other, c, h, w, range);
        return new Result(n, errors[0], errors[1], side(h, minFraction), side(h, maxFraction));
    }

    /**
     * One box per image, sides uniform in {@code [side(minFraction), side(maxFraction)]} of the
     * image's height and width, position uniform; as {@code StepVariables.rectangles} draws them.
     */
    static Box[] boxes(int n, int h, int w, double minFraction, double maxFraction, Random random) {
        if (!(minFraction > 0 && minFraction <= maxFraction && maxFraction <= 1)) {
            throw new IllegalArgumentException("box sides must satisfy 0 < min <= max <= 1, got " + minFraction + " and "
                    + maxFraction);
        }
        int minH = side(h, minFraction);
        int maxH = side(h, maxFraction);
        int minW = side(w, minFraction);
        int maxW = side(w, maxFraction);
        Box[] out = new Box[n];
        for (int i = 0; i < n; i++) {
            int rh = minH + (int) (random.nextDouble() * (maxH - minH + 1));
            int rw = minW + (int) (random.nextDouble() * (maxW - minW + 1));
            int top = (int) (random.nextDouble() * (h - rh + 1));
            int left = (int) (random.nextDouble() * (w - rw + 1));
            out[i] = new Box(left, top, rw, rh);
        }
        return out;
    }

    /** A fraction of a side in whole pixels, at least 1. */
    static int side(int length, double fraction) {
        return Math.max(1, (int) (length * fraction));
    }

    /**
     * Mean squared error over the boxes' values only: {filled i against original i, filled i
     * against original other[i]}, each difference divided by {@code range}.
     *
     * @param originals n images, NCHW
     * @param filled n images, NCHW
     * @param other a pairing for the chance level, e.g. a derangement
     */
    static double[] maskedErrors(float[] originals, float[] filled, Box[] boxes, int[] other, int c, int h, int w,
            double range) {
        int size = c * h * w;
        double same = 0;
        double shuffled = 0;
        long values = 0;
        for (int i = 0; i < boxes.length; i++) {
            Box b = boxes[i];
            for (int ch = 0; ch < c; ch++) {
                for (int row = b.y(); row < b.y() + b.height(); row++) {
                    for (int col = b.x(); col < b.x() + b.width(); col++) {
                        int k = (ch * h + row) * w + col;
                        double f = filled[i * size + k];
                        double d = (f - originals[i * size + k]) / range;
                        double e = (f - originals[other[i] * size + k]) / range;
                        same += d * d;
                        shuffled += e * e;
                        values++;
                    }
                }
            }
        }
        return new double[] {same / values, shuffled / values};
    }
}
