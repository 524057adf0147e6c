package dev.ali4j.cli;

import dev.ali4j.trainer.ProgressMonitor;
import dev.ali4j.trainer.train.StepResult;
import dev.ali4j.trainer.train.TrainingListener;
import dev.ali4j.trainer.train.TrainingRun;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of the training commands: one per epoch, counting images. Redrawn in
 * place on a terminal; a full line every 10 s in logs and pipes (instead of carriage-return
 * redraws cut at 80 columns).
 */
public final class ProgressBars implements ProgressMonitor, TrainingListener {

    private ProgressBar bar;

    @Override
    public void epochStarted(int epoch, int epochs, long images) {
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
        bar = builder.build();
    }

    @Override
    public void advanced(long images, String status) {
        bar.stepBy(images);
        bar.setExtraMessage(" " + status);
    }

    @Override
    public void epochFinished() {
        bar.close();
    }

    @Override
    public void onEpochBegin(TrainingRun run, int epoch) {
        epochStarted(epoch, run.config().epochs(), (long) run.stepsPerEpoch() * run.config().batchSize());
    }

    @Override
    public void onStepEnd(TrainingRun run, StepResult step) {
        advanced(run.config().batchSize(), String.format("step %d D %.3f G/E %.3f", step.step(),
                step.losses().discriminator(), step.losses().encoderGenerator()));
        if (step.step() % run.stepsPerEpoch() == 0) {
            epochFinished(); // the epoch's last step: close before the pictures are drawn
        }
    }
}
