package dev.ali4j.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.ali4j.api.BundleFormatException;
import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Latents;
import dev.ali4j.api.ModelFile;
import dev.ali4j.api.VerifiedBundle;
import dev.ali4j.runtime.RuntimeOptions.ExecutionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link LatentModel} that runs a bundle's {@code encoder.onnx} and {@code generator.onnx} (and
 * {@code sampler.onnx} for {@link #decodePrior}, {@code discriminator.onnx} for anomaly scores, when
 * the bundle has them) with ONNX Runtime, one session per network. Loading verifies the bundle's checksums (and its
 * signature, with {@link RuntimeOptions.Builder#trustedKeys}) and gives ONNX Runtime the very
 * bytes that were checked, then checks that the networks' inputs and outputs fit the manifest.
 * Calls take batches of any size, may come from many threads at once, and are
 * checked for shape before they reach the network. {@link #close()} waits for calls in flight.
 * A bundle is a directory ({@link #load(Path)}) or a zip archive of one read from any stream
 * ({@link #load(InputStream, RuntimeOptions)}: an Android asset, a download, a class-path
 * resource).
 *
 * <pre>{@code
 * try (OnnxLatentModel model = OnnxLatentModel.load(Path.of("bundles/mnist"))) {
 *     ImageSpec spec = model.manifest().image();
 *     ImageTensor x = PixelCodec.fromGray8(pixels, n, spec.height(), spec.width(), spec);
 *     Latents codes = model.encode(x);              // codes.mu(): n * d floats
 *     ImageTensor xHat = model.reconstruct(x);      // same shape as x
 * }
 * }</pre>
 */
public final class OnnxLatentModel implements LatentModel {
    private final BundleManifest manifest;
    private final SessionOptions sessionOptions;
    private final ExecutionProvider executionProvider;
    private final OnnxNetwork encoder;
    private final OnnxNetwork generator;
    private final OnnxNetwork sampler; // the generator measured on the prior; null when the bundle has none
    private final OnnxNetwork discriminator; // null when the bundle has none
    private final boolean encoderHasLogSigma;
    private final Lock running;
    private final Lock closing;
    private boolean closed; // guarded by the two locks: written under closing, read under running

    private OnnxLatentModel(BundleManifest manifest, RuntimeOptions.Configured session, OnnxNetwork encoder,
            OnnxNetwork generator, OnnxNetwork sampler, OnnxNetwork discriminator) {
        this.sampler = sampler;
        this.discriminator = discriminator;
        this.manifest = manifest;
        this.sessionOptions = session.options;
        this.executionProvider = session.provider;
        this.encoder = encoder;
        this.generator = generator;
        this.encoderHasLogSigma = manifest.encoder().outputs().size() == 2;
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        this.running = lock.readLock();
        this.closing = lock.writeLock();
    }

    /**
     * Loads a bundle with {@link RuntimeOptions#defaults()}.
     *
     * @param bundleDir a directory written by {@code Bundles.write}
     * @return the model; close it
     * @throws BundleFormatException if the bundle is missing, modified, of another format version,
     *     or its networks do not match its manifest
     * @throws IOException if a file cannot be read
     */
    public static OnnxLatentModel load(Path bundleDir) throws IOException {
        return load(bundleDir, RuntimeOptions.defaults());
    }

    /**
     * Loads a bundle.
     *
     * @param bundleDir a directory written by {@code Bundles.write}
     * @param options trusted keys, provider, threads and optimisation level
     * @return the model; close it
     * @throws BundleFormatException if the bundle is missing, modified, of another format version,
     *     not signed by a trusted key when {@link RuntimeOptions#trustedKeys()} holds any, or its
     *     networks do not match its manifest
     * @throws IOException if a file cannot be read
     */
    public static OnnxLatentModel load(Path bundleDir, RuntimeOptions options) throws IOException {
        return open(Bundles.readVerified(bundleDir, options.trustedKeys()), options);
    }

    /**
     * Loads a zipped bundle with {@link RuntimeOptions#defaults()}; see
     * {@link #load(InputStream, RuntimeOptions)}.
     *
     * @param zip the archive's bytes
     * @return the model; close it
     * @throws BundleFormatException if the stream is not a zip of a valid bundle, naming the fault
     * @throws IOException if the stream cannot be read
     */
    public static OnnxLatentModel load(InputStream zip) throws IOException {
        return load(zip, RuntimeOptions.defaults());
    }

    /**
     * Loads a bundle from a zip archive of its files, read to its end (the stream is left open).
     * The files may lie at the archive's root or in one folder (a zipped bundle directory);
     * other entries are ignored. Checksums, format version and the signature
     * ({@code manifest.json.sig} beside the manifest, when keys are trusted) are checked as for a
     * directory.
     *
     * <pre>{@code
     * try (InputStream in = context.getAssets().open("mnist-bundle.zip");
     *         OnnxLatentModel model = OnnxLatentModel.load(in, RuntimeOptions.defaults())) { ... }
     * }</pre>
     *
     * @param zip the archive's bytes
     * @param options trusted keys, provider, threads and optimisation level
     * @return the model; close it
     * @throws BundleFormatException if the stream is not a zip of a valid bundle, naming the fault
     * @throws IOException if the stream cannot be read
     */
    public static OnnxLatentModel load(InputStream zip, RuntimeOptions options) throws IOException {
        return open(Bundles.readVerified(zip, options.trustedKeys()), options);
    }

    private static OnnxLatentModel open(VerifiedBundle bundle, RuntimeOptions options) throws IOException {
        BundleManifest manifest = bundle.manifest();
        checkArity(manifest);
        ModelFile enc = manifest.encoder();
        ModelFile gen = manifest.generator();
        byte[] encoderBytes = bundle.bytes(enc.file());
        byte[] generatorBytes = bundle.bytes(gen.file());

        ImageSpec image = manifest.image();
        long d = manifest.latent().size();
        long[] imageShape = {OnnxNetwork.BATCH, image.channels(), image.height(), image.width()};
        long[] latentShape = {OnnxNetwork.BATCH, d};
        Map<String, long[]> encoderOutputs = new LinkedHashMap<>();
        for (String name : enc.outputs()) {
            encoderOutputs.put(name, latentShape);
        }

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        RuntimeOptions.Configured session;
        try {
            session = options.toSessionOptions();
        } catch (OrtException e) {
            throw new IOException("cannot set up ONNX Runtime with " + options + ": " + e.getMessage(), e);
        }
        SessionOptions sessionOptions = session.options;
        OnnxNetwork encoder = null;
        OnnxNetwork generator = null;
        OnnxNetwork sampler = null;
        try {
            encoder = OnnxNetwork.open(env, sessionOptions, enc.file(), encoderBytes, enc.inputs().get(0),
                    imageShape, encoderOutputs);
            generator = OnnxNetwork.open(env, sessionOptions, gen.file(), generatorBytes,
                    gen.inputs().get(0), latentShape, Collections.singletonMap(gen.outputs().get(0), imageShape));
            ModelFile sam = manifest.sampler();
            if (sam != null) {
                sampler = OnnxNetwork.open(env, sessionOptions, sam.file(), bundle.bytes(sam.file()),
                        sam.inputs().get(0), latentShape, Collections.singletonMap(sam.outputs().get(0), imageShape));
            }
            OnnxNetwork discriminator = manifest.discriminator() == null ? null
                    : openDiscriminator(env, sessionOptions, bundle, imageShape, latentShape);
            return new OnnxLatentModel(manifest, session, encoder, generator, sampler, discriminator);
        } catch (IOException | RuntimeException e) {
            for (OnnxNetwork network : new OnnxNetwork[] {encoder, generator, sampler}) {
                if (network != null) {
                    network.close();
                }
            }
            sessionOptions.close();
            throw e;
        }
    }

    /** D(x, z): logits (N, K) and features (N, F), K and F as the model declares them. */
    private static OnnxNetwork openDiscriminator(OrtEnvironment env, SessionOptions options, VerifiedBundle bundle,
            long[] imageShape, long[] latentShape) throws IOException {
        ModelFile dis = bundle.manifest().discriminator();
        Map<String, long[]> inputs = new LinkedHashMap<>();
        inputs.put(dis.inputs().get(0), imageShape);
        inputs.put(dis.inputs().get(1), latentShape);
        Map<String, long[]> outputs = new LinkedHashMap<>();
        for (String name : dis.outputs()) {
            outputs.put(name, new long[] {OnnxNetwork.BATCH, OnnxNetwork.ANY});
        }
        OnnxNetwork network = OnnxNetwork.open(env, options, dis.file(), bundle.bytes(dis.file()), inputs, outputs);
        for (String name : dis.outputs()) {
            if (network.outputShape(name)[1] < 1) {
                network.close();
                throw new BundleFormatException(dis.file() + ": output \"" + name + "\" must have a fixed width,"
                        + " has shape " + OnnxNetwork.show(network.outputShape(name)));
            }
        }
        return network;
    }

    private static void checkArity(BundleManifest manifest) throws BundleFormatException {
        checkArity(manifest.encoder(), 1, 1, 2, "image", "mu[, log_sigma]");
        checkArity(manifest.generator(), 1, 1, 1, "z", "image");
        if (manifest.sampler() != null) {
            checkArity(manifest.sampler(), 1, 1, 1, "z", "image");
        }
        if (manifest.discriminator() != null) {
            checkArity(manifest.discriminator(), 2, 2, 2, "image, z", "logits, features");
        }
    }

    private static void checkArity(ModelFile model, int inputs, int outputsMin, int outputsMax, String inputNames,
            String outputs) throws BundleFormatException {
        int in = model.inputs().size();
        int out = model.outputs().size();
        if (in != inputs || out < outputsMin || out > outputsMax) {
            throw new BundleFormatException(BundleManifest.FILE_NAME + ": " + model.file() + " is listed with inputs "
                    + model.inputs() + " and outputs " + model.outputs() + ", ali4j expects (" + inputNames + ") -> ("
                    + outputs + ")");
        }
    }

    @Override
    public BundleManifest manifest() {
        return manifest;
    }

    /** @return where the networks run: CUDA if it was asked for and could be set up, else the CPU */
    public ExecutionProvider executionProvider() {
        return executionProvider;
    }

    @Override
    public Latents encode(ImageTensor images) {
        ImageSpec spec = manifest.image();
        if (images == null) {
            throw new IllegalArgumentException("encode: images must not be null");
        }
        spec.checkShape("encode: images", images.c(), images.h(), images.w(), "this model takes");
        int n = images.n();
        int d = manifest.latent().size();
        int[] sizes = encoderHasLogSigma ? new int[] {d, d} : new int[] {d};
        float[][] out = guarded(() -> encoder.run(images.data(),
                new long[] {n, spec.channels(), spec.height(), spec.width()}, sizes));
        return new Latents(out[0], encoderHasLogSigma ? out[1] : null, n, d);
    }

    @Override
    public ImageTensor decode(float[] z, int n) {
        return run(generator, "decode", z, n);
    }

    /** Runs the bundle's {@code sampler} when it has one, else the generator as {@link #decode} does. */
    @Override
    public ImageTensor decodePrior(float[] z, int n) {
        return run(sampler != null ? sampler : generator, "decodePrior", z, n);
    }

    /** @return whether the bundle has a generator measured on the prior for {@link #decodePrior} */
    public boolean hasSampler() {
        return sampler != null;
    }

    private ImageTensor run(OnnxNetwork network, String call, float[] z, int n) {
        int d = manifest.latent().size();
        if (z == null) {
            throw new IllegalArgumentException(call + ": z must not be null");
        }
        if (n < 1) {
            throw new IllegalArgumentException(call + ": n must be at least 1, got " + n);
        }
        if (z.length != (long) n * d) {
            throw new IllegalArgumentException(call + ": z has " + z.length + " values, expected n * d = " + n + " * "
                    + d + " = " + (long) n * d);
        }
        ImageSpec spec = manifest.image();
        float[][] out = guarded(() -> network.run(z, new long[] {n, d}, new int[] {spec.imageSize()}));
        return new ImageTensor(out[0], n, spec.channels(), spec.height(), spec.width());
    }

    /** @return whether the bundle has a discriminator, which the feature and discriminator scores need */
    public boolean hasDiscriminator() {
        return discriminator != null;
    }

    /**
     * Runs the discriminator on the tuples (image i, code i).
     *
     * @param images {@code n} images as for {@link #encode}
     * @param z {@code n * d} floats, the codes paired with them
     * @return D's logits and joint features
     * @throws IllegalStateException if the bundle has no discriminator, or the model is closed
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public DiscriminatorOutput discriminate(ImageTensor images, float[] z) {
        if (discriminator == null) {
            throw new IllegalStateException("this bundle has no discriminator (export it with an ali4j that writes "
                    + "discriminator.onnx, from an objective whose first tuple is (x, E(x)))");
        }
        ImageSpec spec = manifest.image();
        if (images == null || z == null) {
            throw new IllegalArgumentException("discriminate: images and z must not be null");
        }
        spec.checkShape("discriminate: images", images.c(), images.h(), images.w(), "this model takes");
        int n = images.n();
        int d = manifest.latent().size();
        if (z.length != (long) n * d) {
            throw new IllegalArgumentException("discriminate: z has " + z.length + " values, expected n * d = " + n
                    + " * " + d);
        }
        ModelFile dis = manifest.discriminator();
        int classes = (int) discriminator.outputShape(dis.outputs().get(0))[1];
        int features = (int) discriminator.outputShape(dis.outputs().get(1))[1];
        float[][] out = guarded(() -> discriminator.run(new float[][] {images.data(), z},
                new long[][] {{n, spec.channels(), spec.height(), spec.width()}, {n, d}},
                new int[] {classes, features}));
        return new DiscriminatorOutput(out[0], out[1], n, classes, features);
    }

    /**
     * Closes the sessions after any calls in flight have returned. Later calls throw
     * {@link IllegalStateException}; closing again does nothing.
     */
    @Override
    public void close() {
        closing.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                encoder.close();
            } finally {
                try {
                    generator.close();
                    if (sampler != null) {
                        sampler.close();
                    }
                    if (discriminator != null) {
                        discriminator.close();
                    }
                } finally {
                    sessionOptions.close();
                }
            }
        } finally {
            closing.unlock();
        }
    }

    private float[][] guarded(Call call) {
        running.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this model is closed");
            }
            return call.run();
        } finally {
            running.unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxLatentModel[" + manifest.image() + ", latent " + manifest.latent() + ", "
                + manifest.training().objective() + "/" + manifest.training().architecture() + ", "
                + executionProvider + "]";
    }

    /** One network call, run while the model is known to be open. */
    private interface Call {
        float[][] run();
    }
}
