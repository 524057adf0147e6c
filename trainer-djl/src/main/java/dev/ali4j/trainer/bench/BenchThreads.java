package dev.ali4j.trainer.bench;

/** The thread count of a benchmark, for every engine it runs. */
public final class BenchThreads {
    private BenchThreads() {
    }

    /**
     * Settles the thread count and gives it to DJL's PyTorch engine (read when the engine starts,
     * so call this before the first DJL call).
     *
     * @param requested {@code --threads}, or null for what the launcher's {@code ALI_THREADS} set,
     *     else every core
     * @return the thread count, at least 1
     * @throws IllegalArgumentException if {@code requested} is below 1
     */
    public static int configure(Integer requested) {
        int n = requested != null ? requested
                : Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        return n;
    }
}
