package dev.ali4j.trainer.train;

/**
 * One finished epoch.
 *
 * @param epoch 1-based
 * @param step steps taken in the run so far
 * @param discriminatorLoss D's mean loss over the epoch's finite steps
 * @param encoderGeneratorLoss G/E's mean loss over the epoch's finite steps
 * @param skippedSteps steps whose update was left out because a gradient was not finite
 * @param clippedSteps steps with an update whose gradient was scaled down (the clip or the spike
 *     guard of {@code Stabilisers})
 * @param imagesPerSecond training speed
 * @param seconds the epoch's training time (the listeners' time not included)
 */
public record EpochResult(int epoch, long step, double discriminatorLoss, double encoderGeneratorLoss,
        int skippedSteps, int clippedSteps, double imagesPerSecond, double seconds) {}
