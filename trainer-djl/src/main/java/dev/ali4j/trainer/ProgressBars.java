package dev.ali4j.trainer;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The console progress bar of ali4j's training loops: one per epoch, counting images. */
public final class ProgressBars {

    private ProgressBars() {}

    /**
     * A bar for one epoch of {@code images} images: redrawn in place on a terminal, a full line
     * every 10 s in logs and pipes (instead of carriage-return redraws cut at 80 columns).
     *
     * @param epoch 1-based
     */
    public static ProgressBar epoch(int epoch, int epochs, long images) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                .setInitialMax(images)
                .setUnit(" img", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(System.err::println, 160))
                    .setUpdateIntervalMillis(10_000);
        } else {
            builder.setUpdateIntervalMillis(500);
        }
        return builder.build();
    }
}
