package dev.ali4j.trainer.train;

import dev.ali4j.trainer.objective.ObjectiveStep;

/** An epoch's mean losses over its finite steps, and how many steps were skipped or clipped. */
final class EpochMeans {

    private double discriminator;
    private double encoderGenerator;
    private int finite;
    private int skipped;
    private int clipped;

    void add(ObjectiveStep.Losses losses) {
        if (losses.clipped()) {
            clipped++;
        }
        if (losses.skipped()) {
            skipped++; // its losses are not finite: left out of the means
        } else {
            discriminator += losses.discriminator();
            encoderGenerator += losses.encoderGenerator();
            finite++;
        }
    }

    EpochResult result(int epoch, long step, double imagesPerSecond, double seconds) {
        int n = Math.max(1, finite);
        return new EpochResult(epoch, step, discriminator / n, encoderGenerator / n, skipped, clipped,
                imagesPerSecond, seconds);
    }
}
