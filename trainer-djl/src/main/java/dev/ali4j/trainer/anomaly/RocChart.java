package dev.ali4j.trainer.anomaly;

import dev.ali4j.api.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** ROC curves of several scores on one problem, as a PNG drawn with XChart. */
final class RocChart {

    private RocChart() {}

    static void write(Map<String, Roc> curves, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(480).height(420).title(title)
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        curves.forEach((name, roc) -> {
            XYSeries series = chart.addSeries(String.format("%s (%.3f)", name, roc.auroc()),
                    roc.falsePositiveRate(), roc.truePositiveRate());
            series.setMarker(SeriesMarkers.NONE);
        });
        Files.createDirectories(AtomicFiles.parentOf(file));
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
