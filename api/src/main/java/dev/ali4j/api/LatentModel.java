package dev.ali4j.api;

/**
 * A trained ALI model: an encoder from images to latent codes and a generator from latent codes
 * to images. Implementations hold native resources: close the model when done, ideally with
 * try-with-resources. Implementations are safe to call from several threads at once.
 *
 * <pre>{@code
 * try (LatentModel model = OnnxLatentModel.load(Path.of("bundles/mnist"))) {
 *     ImageSpec spec = model.manifest().image();
 *     ImageTensor x = PixelCodec.fromGray8(pixels, 1, spec.height(), spec.width(), spec);
 *     Latents codes = model.encode(x);
 *     ImageTensor xHat = model.reconstruct(x);       // G(E(x).mu)
 *     ImageTensor again = model.decode(codes.mu(), codes.n()); // codes as the encoder gives them
 *     ImageTensor samples = model.decodePrior(z, 16);          // z: 16 * d floats drawn from N(0, I)
 * }
 * }</pre>
 */
public interface LatentModel extends AutoCloseable {

    /** @return the manifest of the bundle this model was loaded from */
    BundleManifest manifest();

    /**
     * Encodes a batch of images.
     *
     * @param images {@code n} images with the manifest's channels, height and width, values in
     *     {@code [pixelMin, pixelMax]}
     * @return their latent codes, {@code n x d}
     * @throws IllegalArgumentException if the images have the wrong channels or size
     * @throws IllegalStateException if the model is closed or the network fails
     */
    Latents encode(ImageTensor images);

    /**
     * Generates images from latent codes as the encoder gives them: reconstructions, inpainting,
     * interpolation between images' codes. For new images from codes drawn from the prior use
     * {@link #decodePrior}.
     *
     * @param z {@code n * d} floats, row-major
     * @param n number of codes, at least 1
     * @return {@code n} images in the manifest's shape and pixel range
     * @throws IllegalArgumentException if {@code z.length != n * d}
     * @throws IllegalStateException if the model is closed or the network fails
     */
    ImageTensor decode(float[] z, int n);

    /**
     * Generates new images from codes drawn from the prior {@code N(0, I)}.
     *
     * <p>Why a second call: the generator's batch norm runs on fixed statistics, measured on the
     * codes it decodes. The encoder's means spread less than the prior (their variance per
     * dimension was 0.08 to 0.72 in the trained models measured), so statistics measured for one
     * misnormalise the other. A bundle with a {@code sampler} ({@link BundleManifest#sampler})
     * decodes these codes through the generator measured on the prior; without one, as
     * {@link #decode}.
     *
     * @param z {@code n * d} floats, row-major
     * @param n number of codes, at least 1
     * @return {@code n} images in the manifest's shape and pixel range
     * @throws IllegalArgumentException if {@code z.length != n * d}
     * @throws IllegalStateException if the model is closed or the network fails
     */
    default ImageTensor decodePrior(float[] z, int n) {
        return decode(z, n);
    }

    /**
     * Encodes then decodes: {@code decode(encode(images).mu(), images.n())}.
     *
     * @param images as for {@link #encode}
     * @return the reconstructions, same shape as {@code images}
     */
    default ImageTensor reconstruct(ImageTensor images) {
        Latents codes = encode(images);
        return decode(codes.mu(), codes.n());
    }

    /** Releases native resources; later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
