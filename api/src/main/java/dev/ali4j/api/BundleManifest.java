package dev.ali4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@value #FILE_NAME} of a model bundle: what the networks take and produce, where they are,
 * how they were trained, and the SHA-256 of every file. A bundle is a directory holding this
 * manifest, {@code encoder.onnx} and {@code generator.onnx}; {@link Bundles} writes and verifies
 * one.
 *
 * <p>The JSON form (format {@value #FORMAT}, version {@value #FORMAT_VERSION}):
 * <pre>{@code
 * {
 *   "format" : "ali4j-bundle",
 *   "formatVersion" : 1,
 *   "image" : { "channels" : 1, "height" : 28, "width" : 28, "layout" : "NCHW", "pixelMin" : -1.0, "pixelMax" : 1.0 },
 *   "latent" : { "size" : 64, "prior" : "normal" },
 *   "encoder" : { "file" : "encoder.onnx", "inputs" : [ "image" ], "outputs" : [ "mu", "log_sigma" ] },
 *   "generator" : { "file" : "generator.onnx", "inputs" : [ "z" ], "outputs" : [ "image" ] },
 *   "sampler" : { "file" : "sampler.onnx", "inputs" : [ "z" ], "outputs" : [ "image" ] },
 *   "discriminator" : { "file" : "discriminator.onnx", "inputs" : [ "image", "z" ], "outputs" : [ "logits", "features" ] },
 *   "training" : { "objective" : "ali", "architecture" : "gray28", "dataset" : "...", "steps" : 46900,
 *                  "epochs" : 50, "batchSize" : 64, "seed" : 42, "versions" : { "ali4j" : "0.1.0" } },
 *   "calibration" : { "score" : "reconstruction", "images" : 1000, "data" : "...", "quantiles" : [ 101 numbers ],
 *                     "sha256" : "..." },
 *   "files" : { "discriminator.onnx" : "5be0...", "encoder.onnx" : "3fa2...", "generator.onnx" : "9c1d...",
 *               "sampler.onnx" : "7e4b..." }
 * }
 * }</pre>
 * {@code sampler} (the generator with its batch norm measured on prior codes, for new images:
 * {@link LatentModel#decodePrior}), {@code discriminator} (for anomaly scores,
 * {@link AnomalyScoreKind}) and {@code calibration} ({@link Calibration}) are optional.
 * Reading ignores fields it does not know, so a newer writer may add some without breaking
 * older readers; a change that older readers must not ignore raises {@code formatVersion}.
 *
 * <pre>{@code
 * BundleManifest manifest = BundleManifest.builder()
 *         .image(new ImageSpec(1, 28, 28))
 *         .latent(new LatentSpec(64))
 *         .encoder(ModelFile.encoder("encoder.onnx"))
 *         .generator(ModelFile.generator("generator.onnx"))
 *         .training(TrainingInfo.builder().objective("ali").architecture("gray28").build())
 *         .build();
 * Bundles.write(dir, manifest);                       // adds the checksums
 * BundleManifest read = BundleManifest.read(dir.resolve(BundleManifest.FILE_NAME));
 * }</pre>
 */
public final class BundleManifest {
    /** The manifest's file name inside a bundle directory. */
    public static final String FILE_NAME = "manifest.json";
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "ali4j-bundle";
    /** The format version this ali4j writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private final ImageSpec image;
    private final LatentSpec latent;
    private final ModelFile encoder;
    private final ModelFile generator;
    private final ModelFile sampler;
    private final TrainingInfo training;
    private final ModelFile discriminator;
    private final Calibration calibration;
    private final Map<String, String> files;

    private BundleManifest(Builder b) {
        this.image = required(b.image, "image");
        this.latent = required(b.latent, "latent");
        this.encoder = required(b.encoder, "encoder");
        this.generator = required(b.generator, "generator");
        this.training = required(b.training, "training");
        this.sampler = b.sampler;
        this.discriminator = b.discriminator;
        this.calibration = b.calibration;
        if (encoder.file().equals(generator.file())) {
            throw new IllegalArgumentException("encoder and generator must be different files, both are \""
                    + encoder.file() + "\"");
        }
        if (sampler != null && (sampler.file().equals(encoder.file()) || sampler.file().equals(generator.file()))) {
            throw new IllegalArgumentException("the sampler must be a file of its own, not \"" + sampler.file() + "\"");
        }
        if (discriminator != null && (discriminator.file().equals(encoder.file())
                || discriminator.file().equals(generator.file())
                || sampler != null && discriminator.file().equals(sampler.file()))) {
            throw new IllegalArgumentException("the discriminator must be a file of its own, not \""
                    + discriminator.file() + "\"");
        }
        if (calibration != null && calibration.score().needsDiscriminator() && discriminator == null) {
            throw new IllegalArgumentException(calibration.score().noDiscriminatorMessage());
        }
        if (calibration != null && calibration.profile() != null
                && calibration.profile().latentSize() != latent.size()) {
            throw new IllegalArgumentException("calibration.profile describes codes of " + calibration.profile()
                    .latentSize() + " values, and the bundle's latent size is " + latent.size());
        }
        TreeMap<String, String> checked = new TreeMap<>();
        b.files.forEach((name, sha) -> checked.put(ModelFile.requirePlainFileName(name), requireSha256(name, sha)));
        this.files = Collections.unmodifiableMap(checked);
    }

    /** @return an empty builder; image, latent, encoder, generator and training are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this manifest's values, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder().image(image).latent(latent).encoder(encoder).generator(generator).sampler(sampler)
                .training(training).discriminator(discriminator).calibration(calibration).files(files);
    }

    /**
     * @param files file name to lowercase hex SHA-256
     * @return a copy of this manifest with {@code files} replaced
     */
    public BundleManifest withFiles(Map<String, String> files) {
        return toBuilder().files(files).build();
    }

    /**
     * Reads a manifest from a stream (left open). Messages name the file {@value #FILE_NAME}.
     *
     * @param in JSON bytes (UTF-8)
     * @return the manifest
     * @throws BundleFormatException if it is not JSON, not an ali4j bundle manifest, of an
     *     unsupported format version, or lacks or mistypes a required field
     * @throws IOException if the stream cannot be read
     */
    public static BundleManifest read(InputStream in) throws IOException {
        return ManifestJson.read(in, FILE_NAME);
    }

    /**
     * Reads a manifest file. Messages start with the file's path.
     *
     * @param manifestFile usually {@code bundleDir.resolve(FILE_NAME)}
     * @return the manifest
     * @throws BundleFormatException if the file is missing or is not a valid manifest
     * @throws IOException if the file cannot be read
     */
    public static BundleManifest read(Path manifestFile) throws IOException {
        try (InputStream in = Files.newInputStream(manifestFile)) {
            return ManifestJson.read(in, manifestFile.toString());
        } catch (NoSuchFileException e) {
            throw new BundleFormatException(manifestFile + ": missing", e);
        }
    }

    /**
     * Writes this manifest as pretty-printed UTF-8 JSON; the stream is flushed, not closed.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        ManifestJson.write(this, out);
    }

    /** @return always {@value #FORMAT} */
    public String format() {
        return FORMAT;
    }

    /** @return always {@value #FORMAT_VERSION}: older and newer versions are rejected on read */
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /** @return what the encoder takes and the generator produces */
    public ImageSpec image() {
        return image;
    }

    /** @return the latent space */
    public LatentSpec latent() {
        return latent;
    }

    /** @return the encoder network: image to latent */
    public ModelFile encoder() {
        return encoder;
    }

    /** @return the generator network: latent to image */
    public ModelFile generator() {
        return generator;
    }

    /**
     * @return the generator with its batch norm measured on codes drawn from the prior, which
     *     {@link LatentModel#decodePrior} runs; null for bundles written before ali4j exported one
     */
    public ModelFile sampler() {
        return sampler;
    }

    /** @return how the networks were trained */
    public TrainingInfo training() {
        return training;
    }

    /** @return the discriminator D(x, z), or null if the bundle has none (anomaly scores that need it say so) */
    public ModelFile discriminator() {
        return discriminator;
    }

    /** @return the anomaly score's calibration, or null if {@code ali calibrate} was never run on the bundle */
    public Calibration calibration() {
        return calibration;
    }

    /** @return file name to lowercase hex SHA-256, sorted by name, unmodifiable; empty before {@link Bundles#write} */
    public Map<String, String> files() {
        return files;
    }

    private static <T> T required(T value, String part) {
        if (value == null) {
            throw new IllegalStateException("BundleManifest.builder(): " + part + "(...) is required but was not set");
        }
        return value;
    }

    private static String requireSha256(String name, String sha) {
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("checksum of \"" + name
                    + "\" must be 64 lowercase hex characters (SHA-256), got \"" + sha + "\"");
        }
        return sha;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BundleManifest)) {
            return false;
        }
        BundleManifest that = (BundleManifest) o;
        return image.equals(that.image) && latent.equals(that.latent) && encoder.equals(that.encoder)
                && generator.equals(that.generator) && Objects.equals(sampler, that.sampler)
                && training.equals(that.training)
                && Objects.equals(discriminator, that.discriminator) && Objects.equals(calibration, that.calibration)
                && files.equals(that.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, latent, encoder, generator, sampler, training, discriminator, calibration, files);
    }

    @Override
    public String toString() {
        return FORMAT + " v" + FORMAT_VERSION + ": image " + image + ", latent " + latent + ", encoder " + encoder
                + ", generator " + generator + (sampler == null ? "" : ", sampler " + sampler) + (discriminator == null ? "" : ", discriminator " + discriminator)
                + ", training " + training + (calibration == null ? "" : ", calibration " + calibration)
                + ", files " + files.keySet();
    }

    /** Collects the parts of a {@link BundleManifest}; {@link #build()} validates them. */
    public static final class Builder {
        private ImageSpec image;
        private LatentSpec latent;
        private ModelFile encoder;
        private ModelFile generator;
        private ModelFile sampler;
        private TrainingInfo training;
        private ModelFile discriminator;
        private Calibration calibration;
        private final Map<String, String> files = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param image the image spec
         * @return this builder
         */
        public Builder image(ImageSpec image) {
            this.image = image;
            return this;
        }

        /**
         * @param latent the latent spec
         * @return this builder
         */
        public Builder latent(LatentSpec latent) {
            this.latent = latent;
            return this;
        }

        /**
         * @param encoder the encoder network
         * @return this builder
         */
        public Builder encoder(ModelFile encoder) {
            this.encoder = encoder;
            return this;
        }

        /**
         * @param generator the generator network
         * @return this builder
         */
        public Builder generator(ModelFile generator) {
            this.generator = generator;
            return this;
        }

        /**
         * @param sampler the generator measured on prior codes (input z, output image), or null for none
         * @return this builder
         */
        public Builder sampler(ModelFile sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * @param training the training provenance
         * @return this builder
         */
        public Builder training(TrainingInfo training) {
            this.training = training;
            return this;
        }

        /**
         * @param discriminator D(x, z), or null for none
         * @return this builder
         */
        public Builder discriminator(ModelFile discriminator) {
            this.discriminator = discriminator;
            return this;
        }

        /**
         * @param calibration the anomaly score's calibration, or null for none
         * @return this builder
         */
        public Builder calibration(Calibration calibration) {
            this.calibration = calibration;
            return this;
        }

        /**
         * @param files file name to lowercase hex SHA-256; replaces any set before
         * @return this builder
         */
        public Builder files(Map<String, String> files) {
            this.files.clear();
            this.files.putAll(files);
            return this;
        }

        /**
         * @return the manifest
         * @throws IllegalStateException if a required part is missing
         * @throws IllegalArgumentException if a file name or checksum is malformed
         */
        public BundleManifest build() {
            return new BundleManifest(this);
        }
    }
}
