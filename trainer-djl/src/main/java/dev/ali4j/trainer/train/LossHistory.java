package dev.ali4j.trainer.train;

import dev.ali4j.api.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The losses logged during a run, drawn as a PNG line chart with XChart. */
final class LossHistory {

    private final String title;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> discriminator = new ArrayList<>();
    private final List<Double> encoderGenerator = new ArrayList<>();

    /** @param objective names the chart, e.g. "gali-4 losses" */
    LossHistory(String objective) {
        this.title = objective + " losses";
    }

    void add(long step, double dLoss, double geLoss) {
        steps.add((double) step);
        discriminator.add(dLoss);
        encoderGenerator.add(geLoss);
    }

    /** Writes the chart atomically; does nothing before the first logged step. */
    void plot(Path png) throws IOException {
        if (steps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(400).title(title)
                .xAxisTitle("step").yAxisTitle("loss").build();
        chart.addSeries("D", steps, discriminator).setMarker(SeriesMarkers.NONE);
        chart.addSeries("G/E", steps, encoderGenerator).setMarker(SeriesMarkers.NONE);
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
