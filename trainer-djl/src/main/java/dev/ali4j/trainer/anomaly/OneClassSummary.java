package dev.ali4j.trainer.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one-class benchmark's Markdown table: AUROC per class and score, means, wins over the PCA floor. */
public final class OneClassSummary {

    private OneClassSummary() {}

    /** Writes {@code out/summary.md} and returns its path. */
    public static Path write(List<JsonNode> results, Path out) throws IOException {
        List<String> scores = scores(results);
        StringBuilder md = new StringBuilder("| class |");
        scores.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n| --- |");
        scores.forEach(s -> md.append(" --- |"));
        md.append('\n');
        for (JsonNode r : results) {
            md.append("| ").append(r.get("class").asInt()).append(" |");
            for (String s : scores) {
                md.append(String.format(Locale.ROOT, " %.4f |", r.get("auroc").get(s).asDouble()));
            }
            md.append('\n');
        }
        md.append("| **mean** |");
        for (String s : scores) {
            md.append(String.format(Locale.ROOT, " **%.4f** |", mean(results, s)));
        }
        md.append("\n| classes above PCA |");
        for (String s : scores) {
            md.append(s.equals(OneClassBenchmark.PCA) ? " - |" : " " + wins(results, s) + " / " + results.size() + " |");
        }
        md.append('\n');
        Path file = out.resolve("summary.md");
        Files.createDirectories(out);
        Files.writeString(file, md, StandardCharsets.UTF_8);
        return file;
    }

    /** One line: each score's mean AUROC and its wins over PCA. */
    public static String lastLine(List<JsonNode> results) {
        StringBuilder s = new StringBuilder("mean AUROC over " + results.size() + " classes:");
        for (String score : scores(results)) {
            s.append(String.format(Locale.ROOT, " %s %.4f", score, mean(results, score)));
            if (!score.equals(OneClassBenchmark.PCA)) {
                s.append(" (above PCA on ").append(wins(results, score)).append(")");
            }
        }
        return s.toString();
    }

    private static List<String> scores(List<JsonNode> results) {
        List<String> names = new ArrayList<>();
        if (!results.isEmpty()) {
            results.get(0).get("auroc").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static double mean(List<JsonNode> results, String score) {
        return results.stream().mapToDouble(r -> r.get("auroc").get(score).asDouble()).average().orElse(Double.NaN);
    }

    private static int wins(List<JsonNode> results, String score) {
        return (int) results.stream().filter(r -> r.get("auroc").get(score).asDouble()
                > r.get("auroc").get(OneClassBenchmark.PCA).asDouble()).count();
    }
}
