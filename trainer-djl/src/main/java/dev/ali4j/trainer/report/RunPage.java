package dev.ali4j.trainer.report;

import static dev.ali4j.trainer.report.Html.cell;
import static dev.ali4j.trainer.report.Html.escape;
import static dev.ali4j.trainer.report.Html.fixed;
import static dev.ali4j.trainer.report.Html.numberCell;

import dev.ali4j.trainer.train.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The page of one run: evaluation, epoch table, charts, every epoch's pictures, configuration. */
final class RunPage {

    private final RunReport run;
    private final StringBuilder html = new StringBuilder();

    private RunPage(RunReport run) {
        this.run = run;
    }

    static String render(RunReport run) throws IOException {
        return new RunPage(run).build();
    }

    private String build() throws IOException {
        html.append("<h1>Run ").append(escape(run.name())).append("</h1>\n");
        html.append("<p class=\"lead\">").append(escape(summary())).append("</p>\n");
        html.append("<nav>")
                .append(run.evaluation().isPresent() ? "<a href=\"#evaluation\">Evaluation</a>" : "")
                .append("<a href=\"#training\">Training</a><a href=\"#pictures\">Samples and reconstructions</a>"
                        + "<a href=\"#configuration\">Configuration</a></nav>\n");
        if (run.evaluation().isPresent()) {
            evaluation(run.evaluation().get());
        }
        training();
        pictures();
        configuration();
        return Html.page("ali4j run " + run.name(), html.toString());
    }

    private String summary() {
        return run.objective() + " on " + run.config().architecture() + ": " + run.header().epoch() + " of "
                + run.config().epochs() + " epochs, " + run.header().step() + " steps of batch "
                + run.config().batchSize() + ". Data: " + run.header().dataset() + ".";
    }

    private void evaluation(EvalResults eval) {
        html.append("<h2 id=\"evaluation\">Evaluation</h2>\n<p>From <code>")
                .append(escape(eval.file().toString())).append("</code>.</p>\n<table>\n")
                .append(Html.headerRow(List.of("metric", "value", "what it measures")));
        for (EvalResults.Metric metric : eval.metrics()) {
            html.append("<tr>").append(cell(metric.title()))
                    .append(numberCell(Html.metric(eval.value(metric.key()).getAsDouble())))
                    .append(cell(metric.meaning())).append("</tr>\n");
        }
        html.append("</table>\n");
        for (String note : eval.notes()) {
            html.append("<p class=\"note\">Note: ").append(escape(note)).append("</p>\n");
        }
        // Folded (no script needed): the counts and settings matter to few readers.
        html.append("<details><summary>Everything in the file</summary>\n");
        keyValues(eval.fields());
        html.append("</details>\n");
        if (!eval.settings().isEmpty()) {
            html.append("<details><summary>The evaluation's settings</summary>\n");
            keyValues(eval.settings());
            html.append("</details>\n");
        }
    }

    private void training() throws IOException {
        html.append("<h2 id=\"training\">Training</h2>\n");
        if (run.epochs().isEmpty()) {
            html.append("<p>No epoch summaries: the run has no metrics.jsonl.</p>\n");
        } else {
            epochTable(run.epochs());
        }
        html.append("<div class=\"charts\">\n");
        chart(run.lossChart(), "Losses of D and G/E, every 10th step");
        chart(run.telemetryChart(), "Telemetry: max |log-sigma|, max |z| and the gradient norms of E, G and D");
        html.append("</div>\n");
    }

    private void epochTable(List<EpochResult> epochs) {
        html.append("<table>\n").append(Html.headerRow(List.of("epoch", "step", "D loss", "G/E loss", "skipped steps",
                "clipped steps", "images/s", "seconds")));
        double seconds = 0;
        for (EpochResult e : epochs) {
            html.append("<tr>").append(numberCell(Integer.toString(e.epoch())))
                    .append(numberCell(Long.toString(e.step()))).append(numberCell(fixed(e.discriminatorLoss(), 4)))
                    .append(numberCell(fixed(e.encoderGeneratorLoss(), 4)))
                    .append(numberCell(Integer.toString(e.skippedSteps())))
                    .append(numberCell(Integer.toString(e.clippedSteps())))
                    .append(numberCell(fixed(e.imagesPerSecond(), 1))).append(numberCell(fixed(e.seconds(), 1)))
                    .append("</tr>\n");
            seconds += e.seconds();
        }
        html.append("</table>\n<p>Losses are each epoch's means over its steps; training time in all: ")
                .append(fixed(seconds, 1)).append(" s.</p>\n");
    }

    private void chart(Optional<Path> png, String caption) throws IOException {
        if (png.isPresent()) {
            html.append("<figure>").append(Html.image(png.get(), "chart", caption)).append("<figcaption>")
                    .append(escape(caption)).append("</figcaption></figure>\n");
        }
    }

    private void pictures() throws IOException {
        html.append("<h2 id=\"pictures\">Samples and reconstructions</h2>\n");
        if (run.pictures().isEmpty()) {
            html.append("<p>No pictures in the run directory.</p>\n");
            return;
        }
        html.append("<p>Samples: G(z) for the same z every epoch. Reconstructions: held-out images x, each followed "
                + "by G(mu(x)). Both with the weights an export takes.</p>\n<table>\n")
                .append(Html.headerRow(List.of("epoch", "samples G(z)", "reconstructions: x, G(mu(x))")));
        for (EpochPictures epoch : run.pictures()) {
            html.append("<tr>").append(numberCell(Integer.toString(epoch.epoch())))
                    .append(pictureCell(epoch.samples(), "samples of epoch " + epoch.epoch()))
                    .append(pictureCell(epoch.reconstructions(), "reconstructions of epoch " + epoch.epoch()))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String pictureCell(Optional<Path> png, String alt) throws IOException {
        return png.isPresent() ? "<td>" + Html.image(png.get(), "grid", alt) + "</td>" : cell("missing");
    }

    private void configuration() {
        html.append("<h2 id=\"configuration\">Configuration</h2>\n<p>From the checkpoint of <code>")
                .append(escape(run.directory().toAbsolutePath().normalize().toString()))
                .append("</code> (after epoch ").append(run.header().epoch()).append(").</p>\n");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("data", run.header().dataset());
        rows.put("trained", run.header().epoch() + " epochs, " + run.header().step() + " steps");
        rows.putAll(run.configuration());
        keyValues(rows);
    }

    private void keyValues(Map<String, String> rows) {
        html.append("<table>\n");
        rows.forEach((key, value) -> html.append("<tr><th>").append(escape(key)).append("</th>")
                .append(cell(value)).append("</tr>\n"));
        html.append("</table>\n");
    }
}
