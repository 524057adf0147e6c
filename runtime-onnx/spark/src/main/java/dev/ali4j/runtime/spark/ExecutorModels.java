package dev.ali4j.runtime.spark;

import dev.ali4j.api.BundleKeys;
import dev.ali4j.api.Checksums;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * The models loaded in this JVM, one per bundle and thread setting, shared by every task that
 * runs here: an executor verifies and loads a bundle once, however many partitions, jobs or
 * {@link LatentEncoder}s use it. A model is keyed by its bundle's manifest checksum
 * ({@link ZippedBundle#key()}), so shipping the same bundle again (a second job, a second
 * broadcast) finds the loaded one. Models stay loaded for the life of the JVM; ONNX Runtime's
 * sessions are safe to call from concurrent tasks.
 *
 * <pre>{@code
 * OnnxLatentModel model = ExecutorModels.get(bundle, 1);   // in a task: loads at most once per JVM
 * int loads = ExecutorModels.loads();                      // how often this JVM has loaded a bundle
 * }</pre>
 */
public final class ExecutorModels {
    private static final Map<String, OnnxLatentModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final AtomicLong LOAD_NANOS = new AtomicLong();

    private ExecutorModels() {
    }

    /**
     * Returns this JVM's model for the bundle, verifying and loading it on first use; concurrent
     * first calls wait for one load.
     *
     * @param bundle the shipped bundle
     * @param threads ONNX Runtime threads per call (0: one per core)
     * @return the shared model; do not close it
     * @throws UncheckedIOException if the bundle fails verification or cannot be loaded
     */
    public static OnnxLatentModel get(ZippedBundle bundle, int threads) {
        return get(bundle, threads, List.of());
    }

    /**
     * As {@link #get(ZippedBundle, int)} for a bundle that must be signed by one of {@code trustedKeys}.
     *
     * @param trustedKeys PEM public keys ({@link BundleKeys#pem(PublicKey)}); none to require no signature
     * @throws UncheckedIOException also if the bundle is unsigned or signed by another key
     */
    public static OnnxLatentModel get(ZippedBundle bundle, int threads, List<String> trustedKeys) {
        // The same keys in any order, or repeated, are the same setting: one model.
        List<String> keys = List.copyOf(new TreeSet<>(trustedKeys));
        return MODELS.computeIfAbsent(bundle.key() + "/threads=" + threads + "/keys="
                + Checksums.sha256(String.join("\n", keys).getBytes(StandardCharsets.US_ASCII)),
                key -> load(bundle, threads, keys));
    }

    private static OnnxLatentModel load(ZippedBundle bundle, int threads, List<String> trustedKeys) {
        long start = System.nanoTime();
        // ImageIO registers its readers once per JVM from the class loader of the moment; on an
        // executor the job's jar (TwelveMonkeys' JPEG, WebP, TIFF readers) may come later.
        ImageIO.scanForPlugins();
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (String pem : trustedKeys) {
                try {
                    keys.add(BundleKeys.publicKey(pem, "a trusted key shipped with the job"));
                } catch (IOException e) {
                    throw new UncheckedIOException("a trusted key shipped with the job is not a public key: "
                            + e.getMessage(), e);
                }
            }
            OnnxLatentModel model = bundle.load(RuntimeOptions.builder().intraOpThreads(threads).trustedKeys(keys)
                    .build());
            LOADS.incrementAndGet();
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the shipped bundle " + bundle.key() + ": " + e.getMessage(),
                    e);
        } finally {
            LOAD_NANOS.addAndGet(System.nanoTime() - start);
        }
    }

    /** @return how many times this JVM has verified and loaded a bundle since it started */
    public static int loads() {
        return LOADS.get();
    }

    /** @return the seconds this JVM has spent verifying and loading bundles, all loads together */
    public static double loadSeconds() {
        return LOAD_NANOS.get() / 1e9;
    }
}
