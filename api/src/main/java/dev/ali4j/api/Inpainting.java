package dev.ali4j.api;

/**
 * Fills the unknown pixels of images from what the model makes of the known ones: fill the
 * holes, encode (mean code), decode, paste the known pixels back; optionally repeat, each round
 * starting from the previous result.
 *
 * <p>How the holes are first filled: ali4j's ALI bundles were trained on whole images, never on
 * masked ones (that is GALI's inpainting objective), so a hole painted in a constant the model
 * never saw (black, or an out-of-range marker) drags the code far from anything it knows. Each
 * hole is instead filled, per image and channel, with the mean of that image's known pixels in
 * that channel: a flat patch of the image's own average tone, the least surprising guess before
 * the model has spoken. (If an image has no known pixel at all the middle of the pixel range is
 * used.) Every further round replaces the guess by the previous round's reconstruction, which is
 * closer to what the encoder was trained on.
 *
 * <p>The known pixels of the result are the input's, bit for bit. Thread-safe: only the model's
 * thread-safe {@code encode} and {@code decode} are called.
 *
 * <pre>{@code
 * Mask hole = Mask.box(28, 28, 7, 7, 14, 14);
 * ImageTensor filled = Inpainting.inpaint(model, images, hole, 3);  // three rounds
 * }</pre>
 */
public final class Inpainting {
    /**
     * The most rounds ali4j's command line and server accept: a bound on the work one request can
     * ask for ({@link #inpaint} itself takes any number).
     */
    public static final int MAX_ROUNDS = 100;

    private Inpainting() {
    }

    /**
     * @param model the model
     * @param images {@code n} images in the model's shape
     * @param mask which pixels are unknown, the model's height and width; the same for every image
     * @param rounds encode-decode-paste rounds, at least 1
     * @return new images: known pixels copied from {@code images}, unknown ones from the model
     * @throws IllegalArgumentException if the mask's size is not the model's, the images' shape
     *     is not the model's, or {@code rounds < 1}
     */
    public static ImageTensor inpaint(LatentModel model, ImageTensor images, Mask mask, int rounds) {
        LatentChecks.model(model);
        ImageSpec spec = model.manifest().image();
        if (mask == null) {
            throw new IllegalArgumentException("inpaint: mask must not be null");
        }
        if (mask.height() != spec.height() || mask.width() != spec.width()) {
            throw new IllegalArgumentException("inpaint: mask is " + mask.height() + "x" + mask.width()
                    + " (height x width) but the model's images are " + spec.height() + "x" + spec.width());
        }
        LatentChecks.images(images, spec, "inpaint: images");
        if (rounds < 1) {
            throw new IllegalArgumentException("inpaint: rounds must be at least 1, got " + rounds);
        }
        float[] original = images.data();
        float[] current = original.clone();
        fillWithKnownMean(current, images.n(), images.c(), spec, mask);
        for (int round = 0; round < rounds; round++) {
            ImageTensor composite = new ImageTensor(current, images.n(), images.c(), images.h(), images.w());
            float[] reconstructed = model.reconstruct(composite).data();
            current = paste(original, reconstructed, images.n() * images.c(), mask);
        }
        return new ImageTensor(current, images.n(), images.c(), images.h(), images.w());
    }

    private static void fillWithKnownMean(float[] data, int n, int c, ImageSpec spec, Mask mask) {
        int plane = mask.height() * mask.width();
        float middle = (spec.pixelMin() + spec.pixelMax()) / 2;
        for (int p = 0; p < n * c; p++) {
            int offset = p * plane;
            double sum = 0;
            int known = 0;
            for (int i = 0; i < plane; i++) {
                if (!mask.unknownAt(i)) {
                    sum += data[offset + i];
                    known++;
                }
            }
            float fill = known == 0 ? middle : (float) (sum / known);
            for (int i = 0; i < plane; i++) {
                if (mask.unknownAt(i)) {
                    data[offset + i] = fill;
                }
            }
        }
    }

    /** Known pixels from {@code known}, unknown ones from {@code filled}: a new array. */
    private static float[] paste(float[] known, float[] filled, int planes, Mask mask) {
        int plane = mask.height() * mask.width();
        float[] out = new float[known.length];
        for (int p = 0; p < planes; p++) {
            int offset = p * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + i] = mask.unknownAt(i) ? filled[offset + i] : known[offset + i];
            }
        }
        return out;
    }
}
