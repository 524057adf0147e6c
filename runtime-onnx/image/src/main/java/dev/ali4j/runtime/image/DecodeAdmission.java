package dev.ali4j.runtime.image;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admission control for decoding: a bounded number of decodes at once, and a bounded share of
 * memory for all of them together. A decode estimates its memory from the image's header
 * ({@link ImageFiles}) and waits at most {@code maxWait} for room; then it is refused with
 * {@link DecodeBusyException}, never left to run the heap out. Thread-safe; share one per server.
 *
 * <pre>{@code
 * DecodeAdmission admission = new DecodeAdmission(512L << 20, 2, Duration.ofSeconds(1));
 * ImageOptions options = ImageOptions.defaults().withAdmission(admission);
 * }</pre>
 */
public final class DecodeAdmission {
    /** Default share of the maximum heap that decodes may use together. */
    public static final double DEFAULT_HEAP_SHARE = 0.5;
    /** Default wait for room before a decode is refused. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

    private static final int KIB = 1024;

    private final long budgetBytes;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final Semaphore slots;
    private final Semaphore kibibytes;

    /**
     * @param budgetBytes memory all decodes together may use, at least 1 MiB (at most 2 TiB)
     * @param maxConcurrent decodes at once, at least 1
     * @param maxWait how long a decode waits for room
     */
    public DecodeAdmission(long budgetBytes, int maxConcurrent, Duration maxWait) {
        if (budgetBytes < (1L << 20) || budgetBytes / KIB > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("decode budget must be 1 MiB to 2 TiB, got " + budgetBytes + " bytes");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("concurrent decodes must be at least 1, got " + maxConcurrent);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait for room must not be negative, got " + maxWait);
        }
        this.budgetBytes = budgetBytes;
        this.maxConcurrent = maxConcurrent;
        this.maxWait = maxWait;
        this.slots = new Semaphore(maxConcurrent, true);
        this.kibibytes = new Semaphore((int) (budgetBytes / KIB), true);
    }

    /**
     * @return {@link #DEFAULT_HEAP_SHARE} of the maximum heap, one decode per core (at least 2),
     *     {@link #DEFAULT_MAX_WAIT}
     */
    public static DecodeAdmission forThisJvm() {
        long budget = (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE);
        return new DecodeAdmission(Math.max(budget, 1L << 20), Math.max(2, Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_WAIT);
    }

    /** @return the memory all decodes together may use */
    public long budgetBytes() {
        return budgetBytes;
    }

    /** @return the decodes allowed at once */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** A decode's room, given back by {@link #close()}. */
    public final class Permit implements AutoCloseable {
        private final int kib;
        private boolean closed;

        private Permit(int kib) {
            this.kib = kib;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                kibibytes.release(kib);
                slots.release();
            }
        }
    }

    /**
     * Waits for a slot and {@code bytes} of the budget.
     *
     * @param bytes the decode's estimated memory
     * @param name the image, for messages
     * @return the permit; close it when the decoded pixels are no longer needed
     * @throws ImageFormatException (too large) if {@code bytes} exceeds the whole budget
     * @throws DecodeBusyException if no room came within the wait, or the thread was interrupted
     */
    Permit acquire(long bytes, String name) throws ImageFormatException {
        if (bytes > budgetBytes) {
            throw new ImageFormatException(name + ": decoding it needs about " + mib(bytes) + " MiB, more than the "
                    + "whole decode budget of " + mib(budgetBytes) + " MiB", true);
        }
        int kib = (int) Math.max(1, (bytes + KIB - 1) / KIB);
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(name, "all " + maxConcurrent + " decode slots stayed taken");
            }
            if (!kibibytes.tryAcquire(kib, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                slots.release();
                throw busy(name, "the decode budget of " + mib(budgetBytes) + " MiB had no room for " + mib(bytes)
                        + " MiB");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecodeBusyException(name + ": interrupted while waiting to be decoded");
        }
        return new Permit(kib);
    }

    private DecodeBusyException busy(String name, String why) {
        return new DecodeBusyException(name + ": the server is busy decoding other images (" + why + " for "
                + maxWait.toMillis() + " ms); retry later");
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    @Override
    public String toString() {
        return "DecodeAdmission[" + mib(budgetBytes) + " MiB, " + maxConcurrent + " at once, wait " + maxWait + "]";
    }
}
