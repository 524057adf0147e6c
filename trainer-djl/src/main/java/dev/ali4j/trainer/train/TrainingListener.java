package dev.ali4j.trainer.train;

import java.io.IOException;

/**
 * Watches a run of {@link LatentModelTrainer}, in the style of DJL's {@code TrainingListener}:
 * progress bars, {@code metrics.jsonl}, pictures, checkpoints and the HTML report are listeners,
 * and so can be a user's early stopping or custom metric. Every method does nothing by default.
 *
 * <p>Listeners run in the order they were added, on the training thread, between steps: what
 * they do adds to the run's time. An exception from a listener stops the run.
 */
public interface TrainingListener {

    /** Before the first step (of a fresh run, or of the first epoch a resumed run trains). */
    default void onTrainingBegin(TrainingRun run) throws IOException {}

    /** Before each epoch's first step; {@code epoch} is 1-based. */
    default void onEpochBegin(TrainingRun run, int epoch) throws IOException {}

    /** After each step. */
    default void onStepEnd(TrainingRun run, StepResult step) throws IOException {}

    /**
     * After each epoch. While this runs, {@link TrainingRun#networks()} holds the weights an
     * export would take now: E and G averaged, G's batch norm measured on this data.
     */
    default void onEpochEnd(TrainingRun run, EpochResult epoch) throws IOException {}

    /** After the last epoch, or after the epoch in which a listener called {@link TrainingRun#stop()}. */
    default void onTrainingEnd(TrainingRun run) throws IOException {}
}
