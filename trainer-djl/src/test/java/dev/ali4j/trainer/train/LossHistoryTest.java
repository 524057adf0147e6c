package dev.ali4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's charts survive what a run can log: a skipped step's NaN losses, an infinite gradient norm. */
class LossHistoryTest {

    @TempDir
    Path dir;

    @Test
    void nonFiniteValuesAreLeftOutOfTheChartsInsteadOfStoppingTheRun() throws Exception {
        LossHistory history = new LossHistory("gali-pretrained");
        for (long step = 10; step <= 100; step += 10) {
            boolean bad = step == 50;
            history.add(step, bad ? Double.NaN : 1.2, bad ? Double.POSITIVE_INFINITY : 3.4);
            history.addTelemetry(step, 4.5, 12.8, bad ? Double.POSITIVE_INFINITY : 3.0,
                    bad ? Double.NaN : 2.0, 34.0);
        }
        history.plot(dir.resolve("losses.png"));
        history.plotTelemetry(dir.resolve("telemetry.png"));
        for (String name : new String[] {"losses.png", "telemetry.png"}) {
            BufferedImage chart = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(chart, name);
            assertTrue(chart.getWidth() == 800 && chart.getHeight() == 400, name);
        }
    }

    @Test
    void nothingIsWrittenBeforeTheFirstLoggedStep() throws Exception {
        LossHistory history = new LossHistory("ali");
        history.plot(dir.resolve("losses.png"));
        history.plotTelemetry(dir.resolve("telemetry.png"));
        assertFalse(Files.exists(dir.resolve("losses.png")) || Files.exists(dir.resolve("telemetry.png")));
    }
}
