package dev.ali4j.trainer.report;

import static dev.ali4j.trainer.report.Html.cell;
import static dev.ali4j.trainer.report.Html.escape;
import static dev.ali4j.trainer.report.Html.numberCell;

import dev.ali4j.trainer.train.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** Several runs side by side: one table, one bar chart per evaluation metric, each run's last reconstructions. */
final class ComparisonPage {

    private final List<RunReport> runs;
    private final List<String> labels;
    private final StringBuilder html = new StringBuilder();

    private ComparisonPage(List<RunReport> runs) {
        this.runs = runs;
        this.labels = labels(runs);
    }

    static String render(List<RunReport> runs) throws IOException {
        return new ComparisonPage(runs).build();
    }

    private String build() throws IOException {
        html.append("<h1>").append(runs.size()).append(" runs side by side</h1>\n<p class=\"lead\">")
                .append(escape(String.join(", ", labels))).append("</p>\n");
        List<EvalResults.Metric> metrics = metricsPresent();
        table(metrics);
        charts(metrics);
        reconstructions();
        return Html.page("ali4j: " + runs.size() + " runs side by side", html.toString());
    }

    /** The known metrics that at least one run's eval.json has, in the usual order. */
    private List<EvalResults.Metric> metricsPresent() {
        return EvalResults.METRICS.stream()
                .filter(m -> runs.stream().anyMatch(r -> value(r, m).isPresent()))
                .toList();
    }

    private void table(List<EvalResults.Metric> metrics) {
        List<EvalResults.Metric> headline = metrics.stream().filter(EvalResults.Metric::headline).toList();
        List<String> header = new ArrayList<>(List.of("run", "objective", "architecture", "epochs", "steps",
                "D loss (last epoch)", "G/E loss (last epoch)"));
        headline.forEach(m -> header.add(m.key()));
        html.append("<table class=\"runs\">\n").append(Html.headerRow(header));
        for (int i = 0; i < runs.size(); i++) {
            RunReport run = runs.get(i);
            Optional<EpochResult> last = run.lastEpoch();
            html.append("<tr>").append(cell(labels.get(i))).append(cell(run.objective()))
                    .append(cell(run.config().architecture()))
                    .append(numberCell(run.header().epoch() + " of " + run.config().epochs()))
                    .append(numberCell(Long.toString(run.header().step())))
                    .append(numberCell(last.map(e -> Html.fixed(e.discriminatorLoss(), 4)).orElse("-")))
                    .append(numberCell(last.map(e -> Html.fixed(e.encoderGeneratorLoss(), 4)).orElse("-")));
            metricCells(run, headline);
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (metrics.isEmpty()) {
            html.append("<p>No run has an evaluation: <code>./ali eval --bundle BUNDLE --out RUN/eval.json</code> "
                    + "adds one.</p>\n");
        } else {
            html.append("<p>A dash: the run's eval.json lacks the metric, or the run has none.</p>\n");
        }
        List<EvalResults.Metric> references = metrics.stream().filter(m -> !m.headline()).toList();
        if (!references.isEmpty()) {
            html.append("<h3>Chance levels and ceiling</h3>\n<table class=\"runs\">\n");
            List<String> referenceHeader = new ArrayList<>(List.of("run"));
            references.forEach(m -> referenceHeader.add(m.key()));
            html.append(Html.headerRow(referenceHeader));
            for (int i = 0; i < runs.size(); i++) {
                html.append("<tr>").append(cell(labels.get(i)));
                metricCells(runs.get(i), references);
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<h3>Where each run is</h3>\n<table class=\"runs\">\n")
                .append(Html.headerRow(List.of("run", "directory", "data")));
        for (int i = 0; i < runs.size(); i++) {
            html.append("<tr>").append(cell(labels.get(i)))
                    .append(cell(runs.get(i).directory().toAbsolutePath().normalize().toString()))
                    .append(cell(runs.get(i).header().dataset())).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void metricCells(RunReport run, List<EvalResults.Metric> metrics) {
        for (EvalResults.Metric metric : metrics) {
            OptionalDouble value = value(run, metric);
            html.append(numberCell(value.isPresent() ? Html.metric(value.getAsDouble()) : "-"));
        }
    }

    private void charts(List<EvalResults.Metric> metrics) throws IOException {
        List<EvalResults.Metric> charted = metrics.stream().filter(EvalResults.Metric::headline).toList();
        if (charted.isEmpty()) {
            return;
        }
        html.append("<h2>Evaluation</h2>\n<div class=\"charts bars\">\n");
        for (EvalResults.Metric metric : charted) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                OptionalDouble value = value(runs.get(i), metric);
                if (value.isPresent()) {
                    names.add(labels.get(i));
                    values.add(value.getAsDouble());
                }
            }
            html.append("<figure>").append(Html.image(MetricChart.bars(metric.title(), names, values), "chart",
                    metric.title())).append("<figcaption>").append(escape(metric.meaning()))
                    .append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    private void reconstructions() throws IOException {
        html.append("<h2>Last reconstructions</h2>\n<p>Held-out images x, each followed by G(mu(x)), after each "
                + "run's last epoch.</p>\n<div class=\"charts\">\n");
        for (int i = 0; i < runs.size(); i++) {
            Optional<Path> png = runs.get(i).lastReconstructions();
            String caption = labels.get(i) + ", epoch " + runs.get(i).header().epoch();
            html.append("<figure>")
                    .append(png.isPresent() ? Html.image(png.get(), "grid", "reconstructions of " + labels.get(i))
                            : "<p>no reconstructions.png</p>")
                    .append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    private static OptionalDouble value(RunReport run, EvalResults.Metric metric) {
        return run.evaluation().map(e -> e.value(metric.key())).orElse(OptionalDouble.empty());
    }

    /**
     * Distinct names for the runs: their directories' names, or the paths as given when two share
     * a name ({@code study/a/run}, {@code study/b/run}), numbered if still the same.
     */
    static List<String> labels(List<RunReport> runs) {
        List<String> names = runs.stream().map(RunReport::name).toList();
        if (new HashSet<>(names).size() < names.size()) {
            names = runs.stream().map(r -> r.directory().normalize().toString()).toList();
        }
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String label = name;
            for (int n = 2; !seen.add(label); n++) {
                label = name + " (" + n + ")";
            }
            labels.add(label);
        }
        return labels;
    }
}
