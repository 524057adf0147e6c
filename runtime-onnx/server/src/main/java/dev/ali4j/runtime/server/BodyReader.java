package dev.ali4j.runtime.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: each chunk is read
 * when it arrives (Jetty calls back on demand), so a thousand slow uploads cost connections, not
 * threads. The whole body must arrive within a deadline (then 408) and fit the size limit (then
 * 413); the rest of a too-large body is read and dropped, up to {@link ApiHandler#DRAIN_BYTES},
 * so that a client still sending can read the answer.
 */
final class BodyReader implements Runnable {
    private final Request request;
    private final long maxBytes;
    private final Consumer<byte[]> onBody;
    private final Consumer<ApiException> onFailure;
    private final AtomicBoolean done = new AtomicBoolean();
    private ByteArrayOutputStream out;
    private long received;
    private Scheduler.Task deadline;

    private BodyReader(Request request, long maxBytes, Consumer<byte[]> onBody, Consumer<ApiException> onFailure) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.onBody = onBody;
        this.onFailure = onFailure;
    }

    /**
     * Starts reading; exactly one of the two callbacks runs, once.
     *
     * @param timeoutMillis the whole body's deadline
     */
    static void read(Request request, long maxBytes, long timeoutMillis, Consumer<byte[]> onBody,
            Consumer<ApiException> onFailure) {
        long declared = request.getLength();
        BodyReader reader = new BodyReader(request, maxBytes, onBody, onFailure);
        if (declared <= maxBytes) {
            // Grows as bytes arrive: a declared length alone must not reserve memory.
            reader.out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 8192), 64 * 1024));
        }
        if (declared > maxBytes && declared > ApiHandler.DRAIN_BYTES) {
            reader.finish(); // too much to drain: answer at once
            return;
        }
        reader.deadline = request.getComponents().getScheduler().schedule(() -> reader.fail(new ApiException(408,
                "the request body did not arrive within " + timeoutMillis + " ms")), timeoutMillis, TimeUnit.MILLISECONDS);
        reader.run();
    }

    @Override
    public void run() {
        while (!done.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                fail(ApiException.badRequest("could not read the request body: " + chunk.getFailure().getMessage()));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int n = bytes.remaining();
            if (out != null && received + n > maxBytes) {
                out = null; // too large: keep counting, drop the bytes
            }
            if (out != null) {
                byte[] copy = new byte[n];
                bytes.get(copy);
                out.write(copy, 0, n);
            }
            received += n;
            boolean last = chunk.isLast();
            chunk.release();
            if (last || (out == null && received > ApiHandler.DRAIN_BYTES)) {
                finish();
                return;
            }
        }
    }

    private void finish() {
        if (out == null) {
            fail(new ApiException(413, (request.getLength() > maxBytes ? "request body is " + request.getLength()
                    + " bytes, more than the limit of " + maxBytes : "request body is more than the limit of " + maxBytes
                    + " bytes")));
        } else if (done.compareAndSet(false, true)) {
            if (deadline != null) {
                deadline.cancel();
            }
            try {
                onBody.accept(out.toByteArray());
            } catch (RuntimeException | Error e) {
                // No thread is left to answer otherwise: the request would hang unanswered.
                onFailure.accept(new ApiException(503, "the server could not take the request ("
                        + e.getClass().getSimpleName() + "); retry later"));
            }
        }
    }

    private void fail(ApiException e) {
        if (done.compareAndSet(false, true)) {
            if (deadline != null) {
                deadline.cancel();
            }
            onFailure.accept(e);
        }
    }
}
