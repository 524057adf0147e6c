package dev.ali4j.trainer.report;

import java.io.IOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** One metric across runs as a PNG bar chart, drawn with XChart like the run's own charts. */
final class MetricChart {

    private MetricChart() {}

    /**
     * @param title the chart's title, e.g. {@code pixel_mse (lower is better)}
     * @param runs one bar each, distinct names
     * @param values in the order of {@code runs}
     */
    static byte[] bars(String title, List<String> runs, List<Double> values) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(540).height(320).title(title).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true); // the value on each bar
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        if (runs.stream().mapToInt(String::length).sum() > 60) {
            chart.getStyler().setXAxisLabelRotation(30); // long run names would overlap
        }
        // Rounded as the table shows them: the label on a bar prints every digit it is given.
        chart.addSeries(title, runs, values.stream().map(MetricChart::rounded).toList());
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static double rounded(double value) {
        return Double.isFinite(value) ? Double.parseDouble(Html.metric(value)) : value;
    }
}
