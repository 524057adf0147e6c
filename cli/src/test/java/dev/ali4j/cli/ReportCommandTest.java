package dev.ali4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ali4j.trainer.classifier.EmbeddedClassifier;
import dev.ali4j.trainer.data.DataSets;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.train.LatentModelTrainer;
import dev.ali4j.trainer.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ali report} on two tiny real runs, one of them evaluated with {@code ali eval --out RUN/eval.json}. */
class ReportCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** ALI, two epochs, evaluated after training. */
    static Path ali;
    /** ALICE with lambda 4, one epoch, not evaluated. */
    static Path alice;

    @BeforeAll
    static void trainTwoTinyRunsAndEvaluateOne() throws IOException {
        TrainingConfig tiny = TrainingConfig.builder().architecture("gray28-tiny").epochs(2).batchSize(20)
                .trainLimit(100).averageDecay(0.9f).seed(3).build();
        ali = shared.resolve("ali");
        new LatentModelTrainer(tiny).fit(DataSets.open("embedded"), ali);
        alice = shared.resolve("alice");
        TrainingConfig aliceLambda4 = tiny.toBuilder().epochs(1)
                .objective(Objectives.presetSpec("alice").withLambda(4)).build();
        new LatentModelTrainer(aliceLambda4).fit(DataSets.open("embedded"), alice);

        Path bundle = shared.resolve("bundle");
        Path classifier = EmbeddedClassifier.copyTo(shared.resolve("classifier"));
        assertEquals(0, run("export", "--run", ali.toString(), "--out", bundle.toString()).code());
        CliRun eval = run("eval", "--bundle", bundle.toString(), "--classifier", classifier.toString(),
                "--limit", "40", "--fid-samples", "40", "--probe-train", "200", "--out", ali.resolve("eval.json").toString());
        assertEquals(0, eval.code(), eval.err());
    }

    @Test
    void severalRunsSideBySideInOneTableWithAChartPerMetricAndTheirLastReconstructions() throws IOException {
        Path page = dir.resolve("compare/both.html");
        CliRun o = run("report", ali.toString(), alice.toString(), "--out", page.toString());

        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Wrote " + page + ": 2 runs side by side, 1 with an eval.json"), o.out());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(row(html, "ali").contains("<td>ali</td><td>gray28-tiny</td><td class=\"num\">2 of 2</td>"
                + "<td class=\"num\">10</td>"), row(html, "ali"));
        assertTrue(row(html, "alice").contains("<td>alice (lambda 4)</td><td>gray28-tiny</td>"
                + "<td class=\"num\">1 of 1</td><td class=\"num\">5</td>"), row(html, "alice"));
        for (String metric : List.of("pixel_mse", "label_preservation", "fid_classifier", "linear_probe_accuracy",
                "inpainting_mse")) {
            assertTrue(html.contains("<th>" + metric.replace("_", "_<wbr>") + "</th>"), "column " + metric);
            byte[] png = embedded(html, Pattern.quote(metric + " (") + "[^\"]*");
            BufferedImage chart = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(chart, "bar chart of " + metric);
            assertEquals(540, chart.getWidth());
        }
        assertTrue(row(html, "alice").endsWith("<td class=\"num\">-</td></tr>"), "alice has no eval.json");
        assertArrayEquals(Files.readAllBytes(ali.resolve("epochs/reconstructions-2.png")),
                embedded(html, "reconstructions of ali"));
        assertArrayEquals(Files.readAllBytes(alice.resolve("epochs/reconstructions-1.png")),
                embedded(html, "reconstructions of alice"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "offline");
    }

    @Test
    void oneRunGetsItsReportAgainWithTheEvalJsonAddedSinceTraining() throws IOException {
        Path report = ali.resolve("report.html");
        assertFalse(Files.readString(report, StandardCharsets.UTF_8).contains("id=\"evaluation\""),
                "written during training, before ali eval");

        CliRun o = run("report", ali.toString());

        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("Wrote " + report + ": ali, 2 epochs, with " + ali.resolve("eval.json")),
                o.out());
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.contains("id=\"evaluation\""), "evaluation section");
        for (String metric : List.of("pixel_mse", "label_preservation", "fid_classifier", "linear_probe_accuracy",
                "inpainting_mse")) {
            assertTrue(html.contains("<td>" + metric + " ("), metric);
        }
    }

    @Test
    void aMissingDirectoryOrOneThatIsNotARunGivesOneLineAndExitCode2() throws IOException {
        CliRun missing = run("report", ali.toString(), dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertEquals("ali report: " + dir.resolve("nowhere") + ": no such directory\n", missing.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun notARun = run("report", empty.toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(2, notARun.code());
        assertTrue(notARun.err().startsWith("ali report: " + empty + ": not a run directory (no checkpoint.ali4j"),
                notARun.err());
        assertEquals(1, notARun.err().lines().count(), notARun.err());
        assertFalse(Files.exists(dir.resolve("r.html")));

        CliRun noRun = run("report");
        assertEquals(2, noRun.code());
        assertTrue(noRun.err().contains("Missing required parameter"), noRun.err());
    }

    /** The table row of the run labelled {@code name}. */
    private static String row(String html, String name) {
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(name) + "</td>.*?</tr>").matcher(html);
        assertTrue(m.find(), "row of " + name);
        return m.group();
    }

    /** The bytes of the first embedded picture whose alt text matches {@code alt} (a regular expression). */
    private static byte[] embedded(String html, String alt) {
        Matcher m = Pattern.compile("alt=\"" + alt + "\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        assertTrue(m.find(), "picture " + alt);
        return Base64.getDecoder().decode(m.group(1));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
