package dev.ali4j.trainer.objective;

import java.util.function.Supplier;

/**
 * Runs a one-step test fixture again from scratch when the engine's rare non-finite gradient made
 * its step skip an update (ObjectiveStepWiringTest's class comment): a skipped step compares nothing.
 */
final class SkippedSteps {

    /** Attempts at a step whose updates were not skipped. */
    static final int ATTEMPTS = 3;

    private SkippedSteps() {}

    /**
     * The first result of {@code attempt} that is not null (null: its step skipped an update).
     *
     * @param what names the step in the failure message
     */
    static <T> T retry(String what, Supplier<T> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
        }
        throw new AssertionError(what + ": the step skipped an update for a non-finite gradient in " + ATTEMPTS
                + " attempts");
    }
}
