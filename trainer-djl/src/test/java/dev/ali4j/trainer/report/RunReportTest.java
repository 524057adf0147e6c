package dev.ali4j.trainer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.classifier.EmbeddedClassifier;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.eval.Evaluation;
import dev.ali4j.trainer.eval.EvaluationReport;
import dev.ali4j.trainer.eval.EvaluationSuite;
import dev.ali4j.trainer.export.BundleExporter;
import dev.ali4j.trainer.train.EpochResult;
import dev.ali4j.trainer.train.MetricsLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html of a real two-epoch run: what it shows, that it is self-contained, and its evaluation. */
class RunReportTest {

    @TempDir
    static Path shared;

    static Path run;

    @BeforeAll
    static void trainTinyRun() throws IOException {
        run = TinyRun.shared();
    }

    @Test
    void everyRunWritesAReportWithItsConfigurationEpochsAndEveryEpochsPictures() throws IOException {
        String html = Files.readString(run.resolve(HtmlReport.FILE_NAME), StandardCharsets.UTF_8);

        assertTrue(html.contains("gray28-tiny"), "architecture");
        assertRow(html, "batchSize", "20");
        assertRow(html, "trainLimit", "100");
        assertRow(html, "averageDecay", "0.9");
        assertRow(html, "seed", "3");
        assertRow(html, "objective.name", "ali");
        assertRow(html, "stabilisers.dropout", "0.2");
        assertRow(html, "stabilisers.spectralNorm", "false");
        assertRow(html, "trained", "2 epochs, 10 steps");
        assertTrue(html.contains(Html.escape(DataSets.open("embedded").description())), "data description");

        List<EpochResult> epochs = MetricsLog.readEpochs(run.resolve(MetricsLog.FILE_NAME));
        assertEquals(2, epochs.size());
        for (EpochResult e : epochs) {
            String row = "<tr><td class=\"num\">" + e.epoch() + "</td><td class=\"num\">" + e.step()
                    + "</td><td class=\"num\">" + Html.fixed(e.discriminatorLoss(), 4) + "</td><td class=\"num\">"
                    + Html.fixed(e.encoderGeneratorLoss(), 4) + "</td><td class=\"num\">0</td>";
            assertTrue(html.contains(row), "epoch row " + row);
        }

        for (int epoch = 1; epoch <= 2; epoch++) {
            for (String kind : List.of("samples", "reconstructions")) {
                byte[] shown = embedded(html, kind + " of epoch " + epoch);
                assertArrayEquals(Files.readAllBytes(run.resolve("epochs/" + kind + "-" + epoch + ".png")), shown,
                        kind + " of epoch " + epoch);
            }
        }
        assertArrayEquals(Files.readAllBytes(run.resolve("losses.png")),
                embedded(html, "Losses of D and G/E, every 10th step"));
        assertFalse(html.contains("id=\"evaluation\""), "no eval.json yet");
        assertSelfContained(html);
    }

    @Test
    void theReportShowsTheEvaluationOnceTheRunDirectoryHasAnEvalJson() throws Exception {
        Path bundle = shared.resolve("bundle");
        BundleExporter.export(run, bundle);
        Path classifier = shared.resolve("classifier");
        EmbeddedClassifier.copyTo(classifier);
        EvaluationReport eval = EvaluationSuite.run(bundle, DataSets.open("embedded"), Evaluation.defaults()
                .withClassifier(classifier).withLimit(40).withFidSamples(40).withProbeTrain(200));
        Path copy = copyRun(run, shared.resolve("evaluated"));
        eval.writeJson(copy.resolve(EvalResults.FILE_NAME));

        String html = Files.readString(HtmlReport.writeRun(copy), StandardCharsets.UTF_8);

        assertTrue(html.contains("id=\"evaluation\""), "evaluation section");
        double fid = eval.fid().orElseThrow().distance();
        assertRow(html, "pixel_mse (lower is better)", Html.metric(eval.reconstruction().pixelMse()));
        assertRow(html, "label_preservation (higher is better)",
                Html.metric(eval.labels().orElseThrow().labelPreservation()));
        assertRow(html, "fid_classifier (lower is better)", Html.metric(fid));
        assertRow(html, "linear_probe_accuracy (higher is better)", Html.metric(eval.probe().orElseThrow().accuracy()));
        assertRow(html, "inpainting_mse (lower is better)",
                Html.metric(eval.inpainting().orElseThrow().inpaintingMse()));
        assertSelfContained(html);
    }

    @Test
    void textFromFilesIsEscaped() throws IOException {
        Path odd = copyRun(run, shared.resolve("odd <b>&\"run\""));
        String html = HtmlReport.of(RunReport.read(odd));
        assertTrue(html.contains("Run odd &lt;b&gt;&amp;&quot;run&quot;</h1>"), "escaped name");
        assertFalse(html.contains("<b>"), "no markup from a file name");
        assertEquals(run.getParent().getFileName() + "/run", RunReport.read(run).name(), "a run/ goes by its parent");
    }

    @Test
    void aMissingDirectoryOrOneWithoutACheckpointFailsWithOneLine() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> RunReport.read(shared.resolve("nowhere")));
        assertTrue(missing.getMessage().endsWith("nowhere: no such directory"), missing.getMessage());
        Path empty = Files.createDirectories(shared.resolve("empty"));
        IOException notARun = assertThrows(IOException.class, () -> RunReport.read(empty));
        assertTrue(notARun.getMessage().contains("empty: not a run directory (no checkpoint.ali4j"),
                notARun.getMessage());
        assertFalse(notARun.getMessage().contains("\n"));
    }

    /** A table row whose header (or first cell) is {@code key} and whose next cell is {@code value}. */
    static void assertRow(String html, String key, String value) {
        Pattern row = Pattern.compile("<t[hd][^>]*>" + Pattern.quote(Html.escape(key)) + "</t[hd]><td[^>]*>"
                + Pattern.quote(Html.escape(value)) + "</td>");
        assertTrue(row.matcher(html).find(), "row " + key + " = " + value);
    }

    /** The bytes of the embedded picture with this alt text. */
    static byte[] embedded(String html, String alt) {
        Matcher m = Pattern.compile("alt=\"" + Pattern.quote(Html.escape(alt))
                + "\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(m.find(), "picture " + alt);
        return Base64.getDecoder().decode(m.group(1));
    }

    /** Opens offline: no address outside the page, no script; every src and href is data: or an anchor. */
    static void assertSelfContained(String html) {
        assertFalse(html.contains("http://"), "http://");
        assertFalse(html.contains("https://"), "https://");
        assertFalse(html.toLowerCase().contains("<script"), "script");
        Matcher attribute = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (attribute.find()) {
            String target = attribute.group(2);
            assertTrue(target.startsWith("data:image/png;base64,") || target.startsWith("#"),
                    attribute.group(1) + " to " + target);
        }
        assertFalse(html.contains("url("), "CSS loads nothing");
    }

    /** The run's files (not its sub-directories' beyond epochs/) copied to {@code target}. */
    static Path copyRun(Path from, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }
}
