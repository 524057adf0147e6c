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
 * A {@link LatentModel} that runs a bundle's {@code encoder.onnx} and {@code generator.onnx}
 * with ONNX Runtime, one session per network. Loading verifies the bundle's checksums and gives
 * ONNX Runtime the very bytes that were checked, then checks that the networks' inputs and outputs
 * fit the manifest. Calls take batches of any size, may come from many threads at once, and are
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
    private final boolean encoderHasLogSigma;
    private final Lock running;
    private final Lock closing;
    private boolean closed; // guarded by the two locks: written under closing, read under running

    private OnnxLatentModel(BundleManifest manifest, RuntimeOptions.Configured session, OnnxNetwork encoder,
            OnnxNetwork generator) {
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
     * @param options threads and optimisation level
     * @return the model; close it
     * @throws BundleFormatException if the bundle is missing, modified, of another format version,
     *     or its networks do not match its manifest
     * @throws IOException if a file cannot be read
     */
    public static OnnxLatentModel load(Path bundleDir, RuntimeOptions options) throws IOException {
        return open(Bundles.readVerified(bundleDir), options);
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
     * other entries are ignored. Checksums and format version are checked as for a directory.
     *
     * <pre>{@code
     * try (InputStream in = context.getAssets().open("mnist-bundle.zip");
     *         OnnxLatentModel model = OnnxLatentModel.load(in, RuntimeOptions.defaults())) { ... }
     * }</pre>
     *
     * @param zip the archive's bytes
     * @param options provider, threads and optimisation level
     * @return the model; close it
     * @throws BundleFormatException if the stream is not a zip of a valid bundle, naming the fault
     * @throws IOException if the stream cannot be read
     */
    public static OnnxLatentModel load(InputStream zip, RuntimeOptions options) throws IOException {
        return open(Bundles.readVerified(zip), options);
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
        try {
            encoder = OnnxNetwork.open(env, sessionOptions, enc.file(), encoderBytes, enc.inputs().get(0),
                    imageShape, encoderOutputs);
            OnnxNetwork generator = OnnxNetwork.open(env, sessionOptions, gen.file(), generatorBytes,
                    gen.inputs().get(0), latentShape, Collections.singletonMap(gen.outputs().get(0), imageShape));
            return new OnnxLatentModel(manifest, session, encoder, generator);
        } catch (IOException | RuntimeException e) {
            if (encoder != null) {
                encoder.close();
            }
            sessionOptions.close();
            throw e;
        }
    }

    private static void checkArity(BundleManifest manifest) throws BundleFormatException {
        checkArity(manifest.encoder(), 1, 2, "image", "mu[, log_sigma]");
        checkArity(manifest.generator(), 1, 1, "z", "image");
    }

    private static void checkArity(ModelFile model, int outputsMin, int outputsMax, String inputs, String outputs)
            throws BundleFormatException {
        int in = model.inputs().size();
        int out = model.outputs().size();
        if (in != 1 || out < outputsMin || out > outputsMax) {
            throw new BundleFormatException(BundleManifest.FILE_NAME + ": " + model.file() + " is listed with inputs "
                    + model.inputs() + " and outputs " + model.outputs() + ", ali4j expects (" + inputs + ") -> ("
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
        int d = manifest.latent().size();
        if (z == null) {
            throw new IllegalArgumentException("decode: z must not be null");
        }
        if (n < 1) {
            throw new IllegalArgumentException("decode: n must be at least 1, got " + n);
        }
        if (z.length != (long) n * d) {
            throw new IllegalArgumentException("decode: z has " + z.length + " values, expected n * d = " + n + " * "
                    + d + " = " + (long) n * d);
        }
        ImageSpec spec = manifest.image();
        float[][] out = guarded(() -> generator.run(z, new long[] {n, d}, new int[] {spec.imageSize()}));
        return new ImageTensor(out[0], n, spec.channels(), spec.height(), spec.width());
    }

    /**
     * Closes both sessions after any calls in flight have returned. Later calls throw
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
