package dev.ali4j.runtime.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * Dynamic micro-batching: items submitted from many threads are grouped by one worker thread
 * into batches and handed to one batch function, because one network call on 64 images costs far
 * less than 64 calls on one.
 *
 * <p>The worker takes the oldest waiting item, then keeps adding items while the batch holds
 * fewer than {@code maxBatch} rows and less than {@code maxWait} has passed since it took the
 * first one. An item has a number of rows (images, codes); an item that would push the batch
 * past {@code maxBatch} waits for the next batch, and an item larger than {@code maxBatch} is a
 * batch of its own. While the function runs, new items queue up and form the next batch.
 *
 * <p>If the function throws, every item of that batch fails with the exception. {@link #close()}
 * stops accepting items, lets the worker finish everything already queued, and waits for it.
 *
 * <pre>{@code
 * try (MicroBatcher<float[], Float> sums = new MicroBatcher<>("sums", 64, Duration.ofMillis(2),
 *         item -> 1, items -> items.stream().map(Sums::of).collect(toList()), size -> {})) {
 *     float s = sums.submit(new float[] {1, 2}).get();
 * }
 * }</pre>
 *
 * @param <I> what callers submit
 * @param <O> what each gets back
 */
public final class MicroBatcher<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);
    /** Runs one batch; returns one result per item, in order. */
    public interface BatchFunction<I, O> {
        /**
         * @param items at least one item
         * @return exactly {@code items.size()} results
         */
        List<O> apply(List<I> items);
    }

    private final String name;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final ToIntFunction<I> rows;
    private final BatchFunction<I, O> function;
    private final IntConsumer onBatch;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final Object lifecycle = new Object();
    private boolean closed; // guarded by lifecycle
    private Pending<I, O> carried; // worker thread only: an item left over for the next batch

    /**
     * Creates the batcher and starts its worker (a daemon thread named {@code ali4j-batch-NAME}).
     *
     * @param name names the worker thread and messages
     * @param maxBatch rows per batch at most, at least 1
     * @param maxWait how long the first item of a batch waits for others; zero takes only what is queued
     * @param rows the rows of an item, at least 1
     * @param function runs a batch
     * @param onBatch told the rows of every batch before it runs (metrics)
     */
    public MicroBatcher(String name, int maxBatch, Duration maxWait, ToIntFunction<I> rows,
            BatchFunction<I, O> function, IntConsumer onBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.rows = rows;
        this.function = function;
        this.onBatch = onBatch;
        this.worker = new Thread(this::work, "ali4j-batch-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues an item for the next batch.
     *
     * @param item the item
     * @return its result, completed by the worker
     * @throws RejectedExecutionException if the batcher is closed
     */
    public CompletableFuture<O> submit(I item) {
        Pending<I, O> pending = new Pending<>(item, rows.applyAsInt(item));
        synchronized (lifecycle) {
            if (closed) {
                throw new RejectedExecutionException(name + ": shutting down");
            }
            queue.add(pending);
        }
        return pending.result;
    }

    /** @return items waiting for a batch (a gauge) */
    public int queued() {
        return queue.size();
    }

    private void work() {
        while (true) {
            List<Pending<I, O>> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /** The next batch, or null once closed and drained. */
    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        Pending<I, O> first = carried;
        carried = null;
        while (first == null) {
            first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null && isClosed() && queue.isEmpty()) {
                return null;
            }
        }
        List<Pending<I, O>> batch = new ArrayList<>();
        batch.add(first);
        int total = first.rows;
        long deadline = System.nanoTime() + maxWaitNanos;
        while (total < maxBatch) {
            long left = deadline - System.nanoTime();
            Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            if (total + next.rows > maxBatch) {
                carried = next;
                break;
            }
            batch.add(next);
            total += next.rows;
        }
        return batch;
    }

    private void run(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        int total = 0;
        for (Pending<I, O> p : batch) {
            items.add(p.item);
            total += p.rows;
        }
        try {
            onBatch.accept(total);
            List<O> results = function.apply(items);
            if (results == null || results.size() != items.size()) {
                throw new IllegalStateException(name + ": batch function returned "
                        + (results == null ? "null" : results.size() + " results") + " for " + items.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Pending<I, O> p : batch) {
                p.result.completeExceptionally(e);
            }
        }
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /** Stops accepting items, finishes the queued ones and waits for the worker. */
    @Override
    public void close() {
        stopAccepting();
        awaitWorker(Long.MAX_VALUE, System.nanoTime());
    }

    /** The first half of a close: no new items; the worker finishes the queued ones, then ends. */
    void stopAccepting() {
        synchronized (lifecycle) {
            closed = true;
        }
    }

    /**
     * The second half of a close: waits for the worker until {@code deadline} ({@link
     * System#nanoTime()}, {@code Long.MAX_VALUE}: without limit), then interrupts a batch still running.
     *
     * @param began when stopping began, for the log line
     */
    void awaitWorker(long deadline, long began) {
        try {
            if (deadline == Long.MAX_VALUE) {
                worker.join();
            } else {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            if (worker.isAlive()) {
                worker.interrupt();
                LOG.warn("{}: a batch still ran {} ms after stopping began; interrupted", name,
                        (System.nanoTime() - began) / 1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MicroBatcher[" + name + ", maxBatch=" + maxBatch + ", maxWait=" + Duration.ofNanos(maxWaitNanos) + "]";
    }

    private static final class Pending<I, O> {
        final I item;
        final int rows;
        final CompletableFuture<O> result = new CompletableFuture<>();

        Pending(I item, int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("an item must have at least 1 row, got " + rows);
            }
            this.item = item;
            this.rows = rows;
        }
    }
}
