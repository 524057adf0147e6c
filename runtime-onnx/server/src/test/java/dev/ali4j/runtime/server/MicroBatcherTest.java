package dev.ali4j.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    /** Items are {rows, value}; the function returns value * 10 and records each batch's items. */
    private final List<List<int[]>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    /** Opened when the function starts its first batch: the batch is formed, later items queue up. */
    private final CountDownLatch firstBatchRunning = new CountDownLatch(1);

    private MicroBatcher<int[], Integer> batcher(int maxBatch, Duration maxWait, CountDownLatch gate) {
        return new MicroBatcher<>("test", maxBatch, maxWait, item -> item[0], items -> {
            firstBatchRunning.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            batches.add(List.copyOf(items));
            return items.stream().map(item -> item[1] * 10).collect(Collectors.toList());
        }, sizes::add);
    }

    @Test
    void concurrentItemsShareOneCallUpToMaxBatch() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (MicroBatcher<int[], Integer> b = batcher(4, Duration.ofMillis(200), gate)) {
            // The first call blocks in the function while ten more queue up behind it.
            CompletableFuture<Integer> first = b.submit(new int[] {1, 0});
            awaitFirstBatch();
            List<CompletableFuture<Integer>> rest = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                rest.add(b.submit(new int[] {1, i}));
            }
            gate.countDown();
            assertEquals(0, first.get(5, TimeUnit.SECONDS));
            for (int i = 1; i <= 10; i++) {
                assertEquals(i * 10, rest.get(i - 1).get(5, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of(1, 4, 4, 2), sizes);
        assertEquals(0, batches.get(0).get(0)[1]);
        int expected = 1;
        for (List<int[]> batch : batches.subList(1, batches.size())) {
            for (int[] item : batch) {
                assertEquals(expected++, item[1], "items keep their order");
            }
        }
    }

    @Test
    void aLoneItemWaitsAtMostMaxWait() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        try (MicroBatcher<int[], Integer> b = batcher(64, Duration.ofMillis(50), open)) {
            long start = System.nanoTime();
            assertEquals(70, b.submit(new int[] {1, 7}).get(5, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 40 && millis < 2000, "took " + millis + " ms");
        }
        assertEquals(List.of(1), sizes);
    }

    @Test
    void rowsCountAndAnItemLargerThanMaxBatchRunsAlone() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (MicroBatcher<int[], Integer> b = batcher(8, Duration.ofMillis(100), gate)) {
            CompletableFuture<Integer> blocker = b.submit(new int[] {1, 0});
            awaitFirstBatch();
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            all.add(b.submit(new int[] {5, 1}));
            all.add(b.submit(new int[] {5, 2})); // would make 10 > 8: next batch
            all.add(b.submit(new int[] {20, 3})); // larger than any batch: alone
            gate.countDown();
            blocker.get(5, TimeUnit.SECONDS);
            for (CompletableFuture<Integer> f : all) {
                f.get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(1, 5, 5, 20), sizes);
    }

    @Test
    void aFailingBatchFailsEachOfItsItems() {
        RuntimeException boom = new IllegalStateException("network failed");
        try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("failing", 4, Duration.ofMillis(50), item -> 1,
                items -> {
                    throw boom;
                }, rows -> { })) {
            CompletableFuture<Integer> one = b.submit(1);
            CompletableFuture<Integer> two = b.submit(2);
            ExecutionException e = assertThrows(ExecutionException.class, () -> one.get(5, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            e = assertThrows(ExecutionException.class, () -> two.get(5, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
        }
    }

    @Test
    void closeFinishesQueuedItemsThenRejectsNewOnes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        MicroBatcher<int[], Integer> b = batcher(2, Duration.ZERO, gate);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(b.submit(new int[] {1, i}));
        }
        Thread closer = new Thread(b::close);
        closer.start();
        awaitWaiting(closer); // in close(), waiting for the worker: the batcher is closed
        assertThrows(RejectedExecutionException.class, () -> b.submit(new int[] {1, 9}));
        assertTrue(closer.isAlive(), "close() waits while queued items remain");
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(closer.isAlive(), "close() returned once the queue was done");
        for (int i = 0; i < 5; i++) {
            assertTrue(queued.get(i).isDone(), "item " + i + " finished before close returned");
            assertEquals(i * 10, queued.get(i).get());
        }
    }

    private void awaitFirstBatch() throws InterruptedException {
        assertTrue(firstBatchRunning.await(30, TimeUnit.SECONDS), "the first batch never reached the function");
    }

    /** Polls until {@code thread} waits without a timeout (as in Thread.join()), for at most 30 s. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, thread.getName() + " never waited: " + thread.getState());
            Thread.sleep(5);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MicroBatcher<Integer, Integer>("x", 0, Duration.ZERO, i -> 1, items -> items, r -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> new MicroBatcher<Integer, Integer>("x", 1, Duration.ofMillis(-1), i -> 1, items -> items,
                        r -> { }));
    }
}
