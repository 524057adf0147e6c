package dev.ali4j.trainer.report;

import dev.ali4j.trainer.train.EpochResult;
import dev.ali4j.trainer.train.TrainingListener;
import dev.ali4j.trainer.train.TrainingRun;
import java.io.IOException;

/**
 * Writes the run's {@code report.html} ({@link HtmlReport}) after every epoch. It reads the
 * files the other standard listeners write, so it comes after them.
 */
public final class ReportWriter implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingRun run, EpochResult epoch) throws IOException {
        HtmlReport.writeRun(run.directory());
    }
}
