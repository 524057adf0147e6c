package dev.ali4j.runtime.spark;

import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Latents;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import dev.ali4j.runtime.image.ImageFormatException;
import dev.ali4j.runtime.image.ImageOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Encodes a batch of encoded image files (PNG, JPEG, ... bytes) in one network call and measures
 * how well each is reconstructed. Each image is decoded, checked against the pixel limit and
 * resized to the model's shape as {@link ImageFiles} does; an image that fails (not an image,
 * corrupt, too many pixels, no bytes) gets an {@link EncodedImage} with its error and the others
 * are encoded without it. Spark-free: the Spark job and the single-JVM benchmark run the same code.
 *
 * <p>Each image also gets the bundle's primary anomaly score ({@link AnomalyScorer}: its
 * calibrated score, else {@link AnomalyScoreKind#UNCALIBRATED}) and, for a calibrated bundle, its
 * percentile among normal images; the default score reuses the batch's reconstruction and costs
 * no further network call.
 *
 * <pre>{@code
 * ImageBatchEncoder encoder = new ImageBatchEncoder(model, ImageOptions.defaults());
 * List<EncodedImage> out = encoder.encode(List.of("a.png", "b.jpg"), List.of(pngBytes, jpegBytes));
 * }</pre>
 */
public final class ImageBatchEncoder {
    private final OnnxLatentModel model;
    private final AnomalyScorer scorer;
    private final ImageSpec spec;
    private final ImageOptions options;

    /**
     * @param model the model; not closed by this class
     * @param options pixel limit and resize rule for decoding
     */
    public ImageBatchEncoder(OnnxLatentModel model, ImageOptions options) {
        this.model = model;
        this.scorer = new AnomalyScorer(model);
        this.spec = model.manifest().image();
        this.options = options;
    }

    /**
     * @param names what to call each image in error messages (its path, say)
     * @param contents each image file's bytes; null counts as an error
     * @return one result per image, in order
     * @throws IllegalArgumentException if the lists differ in length
     * @throws IllegalStateException if the network fails (not the images' fault)
     */
    public List<EncodedImage> encode(List<String> names, List<byte[]> contents) {
        if (names.size() != contents.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + contents.size() + " images");
        }
        EncodedImage[] results = new EncodedImage[contents.size()];
        List<ImageTensor> decoded = new ArrayList<>(contents.size());
        int[] rowOf = new int[contents.size()];
        for (int i = 0; i < contents.size(); i++) {
            byte[] bytes = contents.get(i);
            if (bytes == null) {
                results[i] = EncodedImage.failed(names.get(i) + ": no image bytes (null content)");
                continue;
            }
            try {
                rowOf[decoded.size()] = i;
                decoded.add(ImageFiles.decode(bytes, names.get(i), spec, options));
            } catch (ImageFormatException e) {
                results[i] = EncodedImage.failed(e.getMessage());
            }
        }
        if (!decoded.isEmpty()) {
            ImageTensor x = decoded.size() == 1 ? decoded.get(0) : ImageTensor.concat(decoded);
            Latents codes = model.encode(x);
            ImageTensor xHat = model.decode(codes.mu(), codes.n());
            AnomalyScores anomaly = scorer.score(x, codes.mu(), xHat, EnumSet.noneOf(AnomalyScoreKind.class));
            for (int k = 0; k < decoded.size(); k++) {
                results[rowOf[k]] = score(x, codes, xHat, anomaly, k);
            }
        }
        return Arrays.asList(results);
    }

    /** The results for image {@code k} of the batch: its code, reconstruction error and anomaly score. */
    private EncodedImage score(ImageTensor x, Latents codes, ImageTensor xHat, AnomalyScores anomaly, int k) {
        int d = codes.d();
        float[] mu = Arrays.copyOfRange(codes.mu(), k * d, (k + 1) * d);
        float[] logSigma = codes.logSigma() == null ? null
                : Arrays.copyOfRange(codes.logSigma(), k * d, (k + 1) * d);
        return new EncodedImage(mu, logSigma, reconstructionMse(x, xHat, k), anomaly.value(k),
                anomaly.percentile(k), null);
    }

    /** Mean squared error of image {@code k} against its reconstruction, pixels scaled to [0, 1]. */
    private double reconstructionMse(ImageTensor x, ImageTensor xHat, int k) {
        int size = spec.imageSize();
        double range = spec.pixelMax() - spec.pixelMin();
        float[] a = x.data();
        float[] b = xHat.data();
        double sum = 0;
        for (int p = k * size; p < (k + 1) * size; p++) {
            double diff = (a[p] - b[p]) / range;
            sum += diff * diff;
        }
        return sum / size;
    }
}
