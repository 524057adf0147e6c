package dev.ali4j.android.core;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.Inpainting;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Mask;
import dev.ali4j.api.PixelCodec;
import dev.ali4j.api.Sampling;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the app does with a model, pictures in and pictures out: prepare a picture for the model,
 * reconstruct it, inpaint it under a mask, draw random samples. Every step is ali4j's own code
 * ({@link PixelCodec}, {@link LatentModel#reconstruct}, {@link Inpainting}, {@link Sampling}); this
 * class only converts between {@link ArgbImage}s and tensors. Immutable and thread-safe, like the
 * model; it owns the model and closes it.
 *
 * <pre>{@code
 * try (PictureModel model = PictureModel.open(assets::open, "bundle", filesDir.resolve("bundle"), 2)) {
 *     ArgbImage input = model.prepare(photo).image();          // the model's size, as it sees it
 *     ArgbImage reconstruction = model.reconstruct(input);
 *     String score = PictureModel.describe(model.score(input)); // anomaly score and percentile
 *     ArgbImage filled = model.inpaint(input, canvas.toMask(), 2);
 *     ArgbImage samples = model.samples(4, 4, 42);             // a 4x4 grid
 * }
 * }</pre>
 */
public final class PictureModel implements AutoCloseable {
    /** Grey of the one-pixel lines between the tiles of {@link #samples}. */
    static final int GRID_LINE = 0xff404040;

    private final LatentModel model;
    private final ImageSpec spec;
    private final AnomalyScorer scorer;

    /** @param model the model to use; this object owns it from now on and closes it */
    public PictureModel(LatentModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.model = model;
        this.spec = model.manifest().image();
        AnomalyScorer.Discriminator discriminator = model instanceof OnnxLatentModel
                && ((OnnxLatentModel) model).hasDiscriminator() ? ((OnnxLatentModel) model)::discriminate : null;
        this.scorer = new AnomalyScorer(model, discriminator, AnomalyScorer.primaryOf(model.manifest()));
    }

    /**
     * Installs the bundle shipped under {@code assetDir} into {@code dir} (see
     * {@link BundleInstaller}) and loads it with ONNX Runtime.
     *
     * @param threads ONNX Runtime threads per call; 0 for its default (one per core)
     * @throws dev.ali4j.api.BundleFormatException if the shipped bundle is missing or does not
     *     verify
     * @throws IOException if copying or reading fails
     */
    public static PictureModel open(BundleInstaller.AssetSource assets, String assetDir, Path dir, int threads)
            throws IOException {
        BundleInstaller.install(assets, assetDir, dir);
        RuntimeOptions options = RuntimeOptions.builder().intraOpThreads(threads).build();
        return new PictureModel(OnnxLatentModel.load(dir, options));
    }

    /** @return the manifest of the loaded bundle */
    public BundleManifest manifest() {
        return model.manifest();
    }

    /** @return one line for people, e.g. {@code "ali, gray28, 6 epochs: 1x28x28 images, latent size 64"} */
    public String describe() {
        BundleManifest manifest = model.manifest();
        StringBuilder line = new StringBuilder(manifest.training().objective()).append(", ")
                .append(manifest.training().architecture());
        if (manifest.training().epochs() > 0) {
            line.append(", ").append(manifest.training().epochs()).append(manifest.training().epochs() == 1
                    ? " epoch" : " epochs");
        }
        return line.append(": ").append(spec.channels()).append('x').append(spec.height()).append('x')
                .append(spec.width()).append(" images, latent size ").append(manifest.latent().size()).toString();
    }

    /** @return the model's images: channels, size, pixel range */
    public ImageSpec spec() {
        return spec;
    }

    /** A picture made ready for the model, and whether its tones were inverted on the way. */
    public static final class Prepared {
        private final ArgbImage image;
        private final boolean inverted;

        Prepared(ArgbImage image, boolean inverted) {
            this.image = image;
            this.inverted = inverted;
        }

        /** @return the model's width and height, exactly the pixels the model gets (grey for a grey model) */
        public ArgbImage image() {
            return image;
        }

        /** @return true if the picture had a light border and was inverted to the model's dark background */
        public boolean inverted() {
            return inverted;
        }
    }

    /**
     * Makes a picture of any size ready for the model: {@link ModelInput#fit} (centre crop and
     * area scaling to the model's size), inverted if its border is light
     * ({@link ModelInput#hasLightBorder}: the demo's model knows light garments on black), and
     * reduced to what the model sees (grey for a one-channel model, 8-bit levels), so that the
     * picture shown beside the reconstruction is exactly the model's input.
     */
    public Prepared prepare(ArgbImage picture) {
        ArgbImage fitted = ModelInput.fit(picture, spec);
        boolean inverted = ModelInput.hasLightBorder(fitted);
        if (inverted) {
            fitted = ModelInput.invert(fitted);
        }
        return new Prepared(toPicture(toTensor(fitted)), inverted);
    }

    /**
     * @param input a picture of the model's width and height ({@link #prepare})
     * @return {@code G(mu(E(input)))}, the model's reconstruction, same size
     * @throws IllegalArgumentException if the picture is not the model's size
     */
    public ArgbImage reconstruct(ArgbImage input) {
        return toPicture(model.reconstruct(toTensor(input)));
    }

    /**
     * @param input a picture of the model's width and height ({@link #prepare})
     * @return its anomaly scores ({@link AnomalyScorer}): the bundle's calibrated score, with a
     *     percentile among normal pictures when the bundle was calibrated
     * @throws IllegalArgumentException if the picture is not the model's size
     */
    public AnomalyScores score(ArgbImage input) {
        return scorer.score(toTensor(input));
    }

    /**
     * One line for people about a picture's scores from {@link #score}, e.g.
     * {@code "Anomaly score (reconstruction) 0.0213: 97.4th percentile of normal pictures, normal"}.
     */
    public static String describe(AnomalyScores scores) {
        String line = String.format(Locale.ROOT, "Anomaly score (%s) %.4g", scores.primary().label(),
                scores.value(0));
        if (!scores.calibrated()) {
            return line + " (the bundle is not calibrated: run ali calibrate for percentiles)";
        }
        return line + String.format(Locale.ROOT, ": %.1fth percentile of normal pictures, %s", scores.percentile(0),
                scores.isAnomalous(0) ? "ANOMALOUS" : "normal");
    }

    /**
     * @param input a picture of the model's width and height ({@link #prepare})
     * @param mask the unknown pixels, the model's height and width (e.g. {@link MaskCanvas#toMask})
     * @param rounds encode-decode-paste rounds, at least 1
     * @return the picture with its unknown pixels filled by the model and the known ones unchanged
     * @throws IllegalArgumentException if a size does not match or {@code rounds < 1}
     */
    public ArgbImage inpaint(ArgbImage input, Mask mask, int rounds) {
        return toPicture(Inpainting.inpaint(model, toTensor(input), mask, rounds));
    }

    /**
     * Draws {@code columns * rows} images from the prior and lays them out in a grid, one grey
     * pixel between neighbours.
     *
     * @param seed same seed, same grid
     * @throws IllegalArgumentException if {@code columns} or {@code rows} is below 1
     */
    public ArgbImage samples(int columns, int rows, long seed) {
        if (columns < 1 || rows < 1) {
            throw new IllegalArgumentException("columns and rows must be at least 1, got " + columns + "x" + rows);
        }
        ImageTensor images = Sampling.sample(model, columns * rows, seed);
        int w = spec.width();
        int h = spec.height();
        int gridWidth = columns * (w + 1) - 1;
        int gridHeight = rows * (h + 1) - 1;
        int[] grid = new int[gridWidth * gridHeight];
        Arrays.fill(grid, GRID_LINE);
        for (int i = 0; i < columns * rows; i++) {
            int[] tile = PixelCodec.toArgb(images, i, spec);
            int left = (i % columns) * (w + 1);
            int top = (i / columns) * (h + 1);
            for (int y = 0; y < h; y++) {
                System.arraycopy(tile, y * w, grid, (top + y) * gridWidth + left, w);
            }
        }
        return new ArgbImage(grid, gridWidth, gridHeight);
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }

    private ImageTensor toTensor(ArgbImage input) {
        if (input.width() != spec.width() || input.height() != spec.height()) {
            throw new IllegalArgumentException("the picture is " + input.width() + "x" + input.height()
                    + " but the model takes " + spec.width() + "x" + spec.height() + ": prepare() it first");
        }
        return PixelCodec.fromArgb(input.pixels(), 1, spec.height(), spec.width(), spec);
    }

    private ArgbImage toPicture(ImageTensor oneImage) {
        return new ArgbImage(PixelCodec.toArgb(oneImage, 0, spec), spec.width(), spec.height());
    }
}
