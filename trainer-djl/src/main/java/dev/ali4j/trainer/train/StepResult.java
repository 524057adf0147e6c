package dev.ali4j.trainer.train;

import dev.ali4j.trainer.objective.ObjectiveStep;

/**
 * One finished step.
 *
 * @param epoch 1-based
 * @param step steps taken in the run so far, this one included
 * @param losses D's and G/E's losses, the step's telemetry, and whether it was skipped for a
 *     non-finite gradient
 */
public record StepResult(int epoch, long step, ObjectiveStep.Losses losses) {}
