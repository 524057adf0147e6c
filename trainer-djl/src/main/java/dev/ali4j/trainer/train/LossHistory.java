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

/**
 * The losses and telemetry logged during a run, drawn as two PNG line charts with XChart:
 * {@code losses.png} and {@code telemetry.png} (max |log-sigma|, max |z| and the gradient norms
 * of E, G and D, on a log scale since a blow-up spans orders of magnitude).
 */
final class LossHistory {

    /** Telemetry series, in {@link #addTelemetry}'s order. */
    private static final String[] TELEMETRY = {"max |log-sigma|", "max |z|", "|grad E|", "|grad G|", "|grad D|"};

    private final String title;
    private final String objective;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> discriminator = new ArrayList<>();
    private final List<Double> encoderGenerator = new ArrayList<>();
    private final List<Double> telemetrySteps = new ArrayList<>();
    private final List<List<Double>> telemetry = new ArrayList<>();

    /** @param objective names the chart, e.g. "gali-4 losses" */
    LossHistory(String objective) {
        this.title = objective + " losses";
        this.objective = objective;
        for (int i = 0; i < TELEMETRY.length; i++) {
            telemetry.add(new ArrayList<>());
        }
    }

    void add(long step, double dLoss, double geLoss) {
        steps.add((double) step);
        discriminator.add(dLoss);
        encoderGenerator.add(geLoss);
    }

    /** One step's telemetry: max |log-sigma|, max |z|, then E's, G's and D's gradient norms. */
    void addTelemetry(long step, double... values) {
        telemetrySteps.add((double) step);
        for (int i = 0; i < TELEMETRY.length; i++) {
            // A log axis cannot show 0 (a gradient not measured); a tiny positive value stands in.
            telemetry.get(i).add(Math.max(values[i], 1e-8));
        }
    }

    /** Writes {@code telemetry.png} atomically; does nothing before the first logged step. */
    void plotTelemetry(Path png) throws IOException {
        if (telemetrySteps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(400).title(objective + " telemetry")
                .xAxisTitle("step").yAxisTitle("value (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        for (int i = 0; i < TELEMETRY.length; i++) {
            chart.addSeries(TELEMETRY[i], telemetrySteps, telemetry.get(i)).setMarker(SeriesMarkers.NONE);
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
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
