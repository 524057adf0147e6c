package dev.ali4j.android.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs model work on one background thread and hands each result to the UI thread, so that the
 * UI never waits for ONNX Runtime. Tasks run one at a time, in order. Each task belongs to a
 * <em>slot</em> (say {@code "inpaint"}): a newer task in the same slot supersedes an older one
 * that has not started, and the older one's result, if it has, is dropped, so that a finger
 * painting quickly gets the inpainting of its latest mask rather than a queue of stale ones.
 *
 * <p>Submit from the UI thread; callbacks run through the executor given to the constructor
 * (on Android {@code new Handler(Looper.getMainLooper())::post}).
 *
 * <pre>{@code
 * BackgroundRunner runner = new BackgroundRunner(mainHandler::post);
 * runner.submit("inpaint", () -> model.inpaint(input, mask, 2), new BackgroundRunner.Callback<ArgbImage>() {
 *     public void onResult(ArgbImage filled) { show(filled); }
 *     public void onError(Exception e) { showError(e); }
 * });
 * ...
 * runner.closeAfterPending(model);   // onDestroy: closed on the worker once the running task ends
 * }</pre>
 */
public final class BackgroundRunner {
    /** Receives a task's outcome on the UI thread. */
    public interface Callback<T> {
        /** @param result what the task returned */
        void onResult(T result);

        /** @param error what the task threw */
        void onError(Exception error);
    }

    private final Executor uiThread;
    private final ExecutorService worker;
    private final Map<String, Long> latest = new HashMap<>(); // guarded by this
    private final Map<String, Future<?>> pending = new HashMap<>(); // guarded by this
    private long generation; // guarded by this
    private boolean closed; // guarded by this

    /** @param uiThread runs the callbacks, e.g. {@code mainHandler::post} on Android */
    public BackgroundRunner(Executor uiThread) {
        if (uiThread == null) {
            throw new IllegalArgumentException("uiThread must not be null");
        }
        this.uiThread = uiThread;
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "ali4j-inference");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code task} on the background thread after the tasks before it; its outcome goes to
     * {@code callback} on the UI thread unless a newer task has been submitted to the same slot
     * or the runner has been closed by then.
     *
     * @param slot tasks of one kind; a newer one supersedes an older one
     * @throws IllegalStateException if the runner is closed
     */
    public synchronized <T> void submit(String slot, Callable<T> task, Callback<T> callback) {
        if (closed) {
            throw new IllegalStateException("the background runner is closed");
        }
        long id = ++generation;
        latest.put(slot, id);
        Future<?> older = pending.remove(slot);
        if (older != null) {
            older.cancel(false); // a task already running finishes; its result is dropped below
        }
        pending.put(slot, worker.submit(() -> {
            T result = null;
            Exception error = null;
            try {
                result = task.call();
            } catch (Exception e) {
                error = e;
            }
            deliver(slot, id, result, error, callback);
        }));
    }

    private <T> void deliver(String slot, long id, T result, Exception error, Callback<T> callback) {
        uiThread.execute(() -> {
            synchronized (this) {
                if (closed || latest.get(slot) != id) {
                    return;
                }
                pending.remove(slot);
            }
            if (error != null) {
                callback.onError(error);
            } else {
                callback.onResult(result);
            }
        });
    }

    /**
     * Stops taking tasks and drops every callback still to come: tasks not yet started are
     * cancelled, the one running finishes, then {@code resource} (the model) is closed on the
     * background thread, so no task finds it closed under it. Idempotent.
     *
     * @param resource closed after the running task, may be null
     */
    public void closeAfterPending(AutoCloseable resource) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Future<?> task : pending.values()) {
                task.cancel(false);
            }
            pending.clear();
        }
        if (resource != null) {
            worker.execute(() -> {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // closing a model at exit: nothing left to tell
                }
            });
        }
        worker.shutdown();
    }
}
