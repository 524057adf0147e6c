package dev.ali4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one-class benchmark end to end on the embedded sample: a tiny model per class, real training and ONNX scoring. */
class AnomalyBenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsOneModelPerClassAndReportsEveryScoreBesidePca() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(new AnomalyBenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = {"--data", "embedded", "--classes", "1,7", "--arch", "gray28-tiny", "--epochs", "1",
            "--batch", "50", "--pca-components", "16", "--out", tmp.toString()};
        assertEquals(0, cli.execute(args), err.toString());
        for (int c : new int[] {1, 7}) {
            Path dir = tmp.resolve("class-" + c);
            assertTrue(Files.size(dir.resolve("roc.png")) > 1000, "ROC picture of class " + c);
            assertTrue(Files.isRegularFile(dir.resolve("bundle/discriminator.onnx")));
            Calibration calibration = Bundles.verify(dir.resolve("bundle")).calibration();
            assertEquals(AnomalyScoreKind.DEFAULT, calibration.score(), "each class's bundle is calibrated, ready to ship");
            assertTrue(calibration.profile().images() > 500, "profiled on the class's training images");
            JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
            assertEquals(c, result.get("class").asInt());
            assertEquals(1000, result.get("test_images").asInt());
            for (String score : new String[] {"reconstruction", "latent", "feature", "discriminator", "density",
                "combined", "pca"}) {
                double auroc = result.get("auroc").get(score).asDouble();
                assertTrue(auroc >= 0 && auroc <= 1, score + " " + auroc);
            }
            // Trousers (1) and sneakers (7) are far from the other garments: even a tiny model and PCA see it.
            assertTrue(result.get("auroc").get("pca").asDouble() > 0.8, result.toString());
        }
        String summary = Files.readString(tmp.resolve("summary.md"), StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("| class | reconstruction | latent | feature | discriminator | density | combined | pca |"), summary);
        assertTrue(summary.contains("| **mean** |"), summary);
        assertTrue(out.toString().contains("mean AUROC over 2 classes: reconstruction "), out.toString());

        // A second run keeps the finished classes instead of training again.
        long before = Files.getLastModifiedTime(tmp.resolve("class-1/result.json")).toMillis();
        assertEquals(0, cli.execute(args), err.toString());
        assertEquals(before, Files.getLastModifiedTime(tmp.resolve("class-1/result.json")).toMillis());

        // Results of other settings are refused, not mixed into one table.
        args[7] = "2"; // --epochs
        assertEquals(Cli.EXIT_ERROR, cli.execute(args));
        assertTrue(err.toString().contains("class-1/result.json was written with other settings (training.epochs: 1 "
                + "there, 2 here)"), err.toString());
        // A class trained with these settings but scored with another PCA floor is scored again, not retrained.
        args[7] = "1";
        args[11] = "8"; // --pca-components
        Files.delete(tmp.resolve("class-1/result.json"));
        Files.delete(tmp.resolve("class-7/result.json"));
        long trained = Files.getLastModifiedTime(tmp.resolve("class-1/bundle/encoder.onnx")).toMillis();
        assertEquals(0, cli.execute(args), err.toString());
        assertEquals(trained, Files.getLastModifiedTime(tmp.resolve("class-1/bundle/encoder.onnx")).toMillis());
        JsonNode rescored = new ObjectMapper().readTree(tmp.resolve("class-1/result.json").toFile());
        assertEquals(8, rescored.get("settings").get("pca_components").asInt());
    }
}
