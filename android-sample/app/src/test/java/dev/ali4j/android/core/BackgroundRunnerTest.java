package dev.ali4j.android.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inference off the UI thread, results back on it, stale results dropped. */
class BackgroundRunnerTest {
    /** Stands for Android's main thread: one thread that runs what is posted to it. */
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
    private final BackgroundRunner runner = new BackgroundRunner(ui::execute);
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        runner.closeAfterPending(null);
        ui.shutdownNow();
    }

    private <T> BackgroundRunner.Callback<T> recording(String name) {
        return new BackgroundRunner.Callback<T>() {
            @Override
            public void onResult(T result) {
                events.add(name + " " + result + " on " + Thread.currentThread().getName());
            }

            @Override
            public void onError(Exception error) {
                events.add(name + " failed: " + error.getMessage() + " on " + Thread.currentThread().getName());
            }
        };
    }

    private String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertTrue(event != null, "no callback within 10 s");
        return event;
    }

    @Test
    void tasksRunInTheBackgroundAndResultsArriveOnTheUiThread() throws Exception {
        AtomicInteger ranOn = new AtomicInteger();
        runner.submit("reconstruct", () -> {
            assertNotEquals("ui", Thread.currentThread().getName());
            ranOn.set(1);
            return Thread.currentThread().getName();
        }, recording("reconstruct"));
        assertEquals("reconstruct ali4j-inference on ui", next());
        assertEquals(1, ranOn.get());
    }

    @Test
    void errorsArriveOnTheUiThreadToo() throws Exception {
        runner.submit("load", () -> {
            throw new IllegalStateException("no bundle");
        }, recording("load"));
        assertEquals("load failed: no bundle on ui", next());
    }

    @Test
    void aNewerTaskInTheSameSlotSupersedesOlderOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        runner.submit("inpaint", () -> {
            started.countDown();
            release.await();
            ran.add("mask 1");
            return "mask 1";
        }, recording("inpaint"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        runner.submit("inpaint", () -> {
            ran.add("mask 2");
            return "mask 2";
        }, recording("inpaint"));
        runner.submit("samples", () -> "grid", recording("samples"));
        runner.submit("inpaint", () -> {
            ran.add("mask 3");
            return "mask 3";
        }, recording("inpaint"));
        release.countDown();
        // mask 1 was running: it finishes but its result is stale; mask 2 never runs
        assertEquals("samples grid on ui", next());
        assertEquals("inpaint mask 3 on ui", next());
        assertEquals(List.of("mask 1", "mask 3"), ran);
        assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void closingDropsCallbacksCancelsWhatWaitsAndClosesTheModelAfterTheRunningTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        runner.submit("picture", () -> {
            started.countDown();
            release.await();
            order.add("running task ended");
            return "late";
        }, recording("picture"));
        runner.submit("samples", () -> {
            order.add("queued task ran");
            return "grid";
        }, recording("samples"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CountDownLatch closed = new CountDownLatch(1);
        Thread[] closedOn = new Thread[1];
        runner.closeAfterPending(() -> {
            order.add("model closed");
            closedOn[0] = Thread.currentThread();
            closed.countDown();
        });
        release.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("running task ended", "model closed"), order);
        assertEquals("ali4j-inference", closedOn[0].getName());
        assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "no callback after close");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runner.submit("picture", () -> "x", recording("picture")));
        assertSame(IllegalStateException.class, e.getClass());
        runner.closeAfterPending(() -> order.add("closed twice")); // idempotent
        Thread.sleep(50);
        assertEquals(2, order.size());
    }
}
