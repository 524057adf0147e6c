package dev.ali4j.api;

/** Argument checks shared by the latent-space operations. */
final class LatentChecks {
    private LatentChecks() {
    }

    /**
     * @throws IllegalArgumentException naming {@code what} and the first index holding NaN or an infinity
     */
    static void finite(float[] z, String what) {
        for (int i = 0; i < z.length; i++) {
            if (!Float.isFinite(z[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + z[i] + "; latent codes must be finite");
            }
        }
    }

    /** @throws IllegalArgumentException if {@code z} is null or not {@code d} floats long */
    static void code(float[] z, int d, String what) {
        if (z == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (z.length != d) {
            throw new IllegalArgumentException(what + " has " + z.length + " values but the model's latent size is "
                    + d);
        }
        finite(z, what);
    }

    /** @throws IllegalArgumentException if {@code model} is null */
    static void model(LatentModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
    }

    /** @throws IllegalArgumentException if the images are null or not shaped like the model's */
    static void images(ImageTensor images, ImageSpec spec, String what) {
        if (images == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        spec.checkShape(what, images.c(), images.h(), images.w(), "the model takes");
    }
}
