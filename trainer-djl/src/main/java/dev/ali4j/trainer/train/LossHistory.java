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
    private final Series discriminator = new Series("D");
    private final Series encoderGenerator = new Series("G/E");
    private final List<Series> telemetry = new ArrayList<>();

    /** @param objective names the chart, e.g. "gali-4 losses" */
    LossHistory(String objective) {
        this.title = objective + " losses";
        this.objective = objective;
        for (String name : TELEMETRY) {
            telemetry.add(new Series(name));
        }
    }

    void add(long step, double dLoss, double geLoss) {
        discriminator.add(step, dLoss);
        encoderGenerator.add(step, geLoss);
    }

    /** One step's telemetry: max |log-sigma|, max |z|, then E's, G's and D's gradient norms. */
    void addTelemetry(long step, double... values) {
        for (int i = 0; i < TELEMETRY.length; i++) {
            // A log axis cannot show 0 (a gradient not measured); a tiny positive value stands in.
            telemetry.get(i).add(step, Math.max(values[i], 1e-8));
        }
    }

    /** Writes {@code telemetry.png} atomically; does nothing before the first logged step. */
    void plotTelemetry(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(400).title(objective + " telemetry")
                .xAxisTitle("step").yAxisTitle("value (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        write(chart, telemetry, png);
    }

    /** Writes {@code losses.png} atomically; does nothing before the first logged step. */
    void plot(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(400).title(title)
                .xAxisTitle("step").yAxisTitle("loss").build();
        write(chart, List.of(discriminator, encoderGenerator), png);
    }

    private static void write(XYChart chart, List<Series> series, Path png) throws IOException {
        boolean any = false;
        for (Series s : series) {
            if (!s.steps.isEmpty()) {
                chart.addSeries(s.name + s.omittedNote(), s.steps, s.values).setMarker(SeriesMarkers.NONE);
                any = true;
            }
        }
        if (any) {
            AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    /**
     * One line of a chart. A non-finite value (a skipped step's NaN loss, an infinite gradient
     * norm) is left out and counted in the legend: XChart refuses to draw one, and a chart must
     * never stop a run.
     */
    private static final class Series {
        final String name;
        final List<Double> steps = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        int omitted;

        Series(String name) {
            this.name = name;
        }

        void add(long step, double value) {
            if (Double.isFinite(value)) {
                steps.add((double) step);
                values.add(value);
            } else {
                omitted++;
            }
        }

        String omittedNote() {
            return omitted == 0 ? "" : " (" + omitted + " non-finite left out)";
        }
    }
}
