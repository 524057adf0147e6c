package dev.ali4j.runtime.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageReader;

/**
 * Decodes the first frame under a deadline: a watchdog asks the reader to abort once the
 * deadline passes or the caller's cancellation signal turns true, and the decode then fails
 * instead of going on after nobody wants it. Readers check for an abort between rows or tiles;
 * one that cannot be aborted from another thread (the JDK's JPEG reader refuses) runs to its end,
 * which the checks before decoding ({@link ContainerCheck}, {@link DecodeCost}) keep short.
 */
final class DecodeDeadline {
    /** How often the watchdog looks at a decode, at most: a quarter of the timeout when that is shorter. */
    private static final long POLL_MS = 50;
    private static final long MIN_POLL_MS = 5;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ali4j-decode-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private DecodeDeadline() {
    }

    static BufferedImage read(ImageReader reader, String name, ImageOptions options) throws IOException {
        long deadline = System.nanoTime() + options.decodeTimeout().toNanos();
        // A short deadline gets a faster watchdog, so that it is kept to within a quarter of itself.
        long poll = Math.max(MIN_POLL_MS, Math.min(POLL_MS, options.decodeTimeout().toMillis() / 4));
        AtomicReference<String> stopped = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(() -> {
            if (stopped.get() != null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stopped.set("decoding took longer than the limit of " + options.decodeTimeout().toMillis() + " ms");
            } else if (options.cancelled().getAsBoolean()) {
                cancelled.set(true);
                stopped.set("decoding abandoned: the request was cancelled");
            } else {
                return;
            }
            try {
                reader.abort();
            } catch (IllegalStateException busyReader) {
                // The JDK's JPEG reader allows calls from its decoding thread only.
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        BufferedImage image;
        try {
            image = reader.read(0);
        } finally {
            watch.cancel(false);
        }
        String why = stopped.get();
        if (why != null) {
            throw new DecodeAbandonedException(name + ": " + why, cancelled.get());
        }
        return image;
    }
}
