package dev.ali4j.trainer.train;

import java.io.IOException;

/** Writes {@code checkpoint.ali4j} after every epoch, atomically: what {@code resume} continues from. */
public final class CheckpointWriter implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingRun run, EpochResult epoch) throws IOException {
        run.writeCheckpoint(run.directory().resolve(Checkpoint.FILE_NAME), epoch.epoch(), epoch.step());
    }
}
