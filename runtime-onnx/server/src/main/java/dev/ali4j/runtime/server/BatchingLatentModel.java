package dev.ali4j.runtime.server;

import dev.ali4j.api.BundleManifest;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.api.ImageTensor;
import dev.ali4j.api.LatentModel;
import dev.ali4j.api.Latents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * A {@link LatentModel} whose calls, made from many threads, are merged into batched calls of
 * the wrapped model by {@link MicroBatcher}s: one for {@code encode}, one for {@code decode},
 * one for {@code decodePrior}, and one for {@code reconstruct} (encoder then generator in one go,
 * so that a reconstruction queues once, not twice). Everything built on those calls (sampling, interpolation, inpainting)
 * is batched with them. Only one network call runs at a time: each already uses every core
 * ONNX Runtime was given, and two at once would only fight over them. Results are those of the
 * wrapped model's batch calls, so they equal unbatched results up to floating-point summation
 * order.
 *
 * <p>A call waits at most {@code timeout} for its result and then throws
 * {@link ModelBusyException}. {@link #close()} finishes the queued calls and stops the workers;
 * the wrapped model stays open (its owner closes it afterwards).
 *
 * <pre>{@code
 * try (OnnxLatentModel onnx = OnnxLatentModel.load(dir);
 *         BatchingLatentModel model = new BatchingLatentModel(onnx, 64, Duration.ofMillis(2),
 *                 Duration.ofSeconds(30), (network, rows) -> {})) {
 *     ImageTensor xHat = model.reconstruct(x);   // from any number of threads
 * }
 * }</pre>
 */
public final class BatchingLatentModel implements LatentModel {
    /** Told the size of every batch that reaches a network. */
    public interface BatchListener {
        /**
         * @param network {@code "encoder"} or {@code "generator"}
         * @param rows images or codes in the batch
         */
        void batch(String network, int rows);
    }

    private final LatentModel model;
    private final long timeoutNanos;
    private final MicroBatcher<ImageTensor, Latents> encoder;
    private final MicroBatcher<Codes, ImageTensor> generator;
    private final MicroBatcher<Codes, ImageTensor> sampler;
    private final MicroBatcher<ImageTensor, ImageTensor> reconstructor;
    private final Object oneCallAtATime = new Object();

    /**
     * @param model the model to batch calls to
     * @param maxBatch rows per network call at most
     * @param maxWait how long a call waits for others to join its batch
     * @param timeout how long a call waits for its result at most
     * @param listener told every batch size
     */
    public BatchingLatentModel(LatentModel model, int maxBatch, Duration maxWait, Duration timeout,
            BatchListener listener) {
        this.model = model;
        this.timeoutNanos = timeout.toNanos();
        IntConsumer encoderSizes = rows -> listener.batch("encoder", rows);
        IntConsumer generatorSizes = rows -> listener.batch("generator", rows);
        this.encoder = new MicroBatcher<>("encoder", maxBatch, maxWait, ImageTensor::n, this::encodeBatch,
                encoderSizes);
        this.generator = new MicroBatcher<>("generator", maxBatch, maxWait, codes -> codes.n,
                items -> decodeBatch(items, model::decode), generatorSizes);
        this.sampler = new MicroBatcher<>("sampler", maxBatch, maxWait, codes -> codes.n,
                items -> decodeBatch(items, model::decodePrior), generatorSizes);
        this.reconstructor = new MicroBatcher<>("reconstruct", maxBatch, maxWait, ImageTensor::n,
                this::reconstructBatch, rows -> {
                    encoderSizes.accept(rows);
                    generatorSizes.accept(rows);
                });
    }

    @Override
    public BundleManifest manifest() {
        return model.manifest();
    }

    @Override
    public Latents encode(ImageTensor images) {
        if (!fits(images)) {
            return model.encode(images); // the model's own message for a wrong shape
        }
        return await(encoder.submit(images), "encoder");
    }

    @Override
    public ImageTensor decode(float[] z, int n) {
        return decode(generator, model::decode, z, n);
    }

    @Override
    public ImageTensor decodePrior(float[] z, int n) {
        return decode(sampler, model::decodePrior, z, n);
    }

    private ImageTensor decode(MicroBatcher<Codes, ImageTensor> batcher,
            BiFunction<float[], Integer, ImageTensor> network, float[] z, int n) {
        int d = manifest().latent().size();
        if (z == null || n < 1 || z.length != (long) n * d) {
            return network.apply(z, n); // the model's own message for a wrong length
        }
        return await(batcher.submit(new Codes(z, n)), "generator");
    }

    @Override
    public ImageTensor reconstruct(ImageTensor images) {
        if (!fits(images)) {
            return model.reconstruct(images); // the model's own message for a wrong shape
        }
        return await(reconstructor.submit(images), "model");
    }

    private boolean fits(ImageTensor images) {
        ImageSpec spec = manifest().image();
        return images != null && spec.hasShape(images.c(), images.h(), images.w());
    }

    /** @return calls waiting for a batch, all queues together */
    public int queued() {
        return encoder.queued() + generator.queued() + sampler.queued() + reconstructor.queued();
    }

    private List<ImageTensor> reconstructBatch(List<ImageTensor> items) {
        ImageTensor all = items.size() == 1 ? items.get(0) : ImageTensor.concat(items);
        ImageTensor images;
        synchronized (oneCallAtATime) {
            images = model.reconstruct(all);
        }
        List<ImageTensor> out = new ArrayList<>(items.size());
        int row = 0;
        for (ImageTensor item : items) {
            out.add(slice(images, row, item.n()));
            row += item.n();
        }
        return out;
    }

    private List<Latents> encodeBatch(List<ImageTensor> items) {
        ImageTensor all = items.size() == 1 ? items.get(0) : ImageTensor.concat(items);
        Latents codes;
        synchronized (oneCallAtATime) {
            codes = model.encode(all);
        }
        List<Latents> out = new ArrayList<>(items.size());
        int d = codes.d();
        int row = 0;
        for (ImageTensor item : items) {
            out.add(new Latents(rows(codes.mu(), row, item.n(), d),
                    codes.logSigma() == null ? null : rows(codes.logSigma(), row, item.n(), d), item.n(), d));
            row += item.n();
        }
        return out;
    }

    private List<ImageTensor> decodeBatch(List<Codes> items, BiFunction<float[], Integer, ImageTensor> network) {
        int d = manifest().latent().size();
        int total = 0;
        for (Codes c : items) {
            total += c.n;
        }
        float[] z = new float[total * d];
        int offset = 0;
        for (Codes c : items) {
            System.arraycopy(c.z, 0, z, offset, c.z.length);
            offset += c.z.length;
        }
        ImageTensor images;
        synchronized (oneCallAtATime) {
            images = network.apply(z, total);
        }
        List<ImageTensor> out = new ArrayList<>(items.size());
        int row = 0;
        for (Codes c : items) {
            out.add(slice(images, row, c.n));
            row += c.n;
        }
        return out;
    }

    private static ImageTensor slice(ImageTensor images, int first, int count) {
        return new ImageTensor(rows(images.data(), first, count, images.imageSize()), count, images.c(), images.h(),
                images.w());
    }

    private static float[] rows(float[] all, int first, int count, int width) {
        float[] out = new float[count * width];
        System.arraycopy(all, first * width, out, 0, out.length);
        return out;
    }

    private <T> T await(CompletableFuture<T> future, String network) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ModelBusyException("the " + network + " did not answer within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms (server overloaded)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelBusyException("interrupted while waiting for the " + network);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (RejectedExecutionException e) {
            throw new ModelBusyException("the " + network + " is shutting down");
        }
    }

    /** Finishes queued calls and stops the workers; the wrapped model stays open. */
    @Override
    public void close() {
        // A batch stuck past the request timeout is interrupted rather than waited for forever. The
        // four batchers drain at once and share one deadline: a stop waits one timeout, not four.
        long began = System.nanoTime();
        long deadline = began + Math.min(timeoutNanos, Long.MAX_VALUE / 4); // no overflow for "forever"
        reconstructor.stopAccepting();
        encoder.stopAccepting();
        generator.stopAccepting();
        sampler.stopAccepting();
        reconstructor.awaitWorker(deadline, began);
        encoder.awaitWorker(deadline, began);
        generator.awaitWorker(deadline, began);
        sampler.awaitWorker(deadline, began);
    }

    @Override
    public String toString() {
        return "BatchingLatentModel[" + model + ", " + encoder + ", " + generator + ", " + sampler + ", " + reconstructor + "]";
    }

    /** {@code n} latent codes to decode. */
    private static final class Codes {
        final float[] z;
        final int n;

        Codes(float[] z, int n) {
            this.z = z;
            this.n = n;
        }
    }
}
