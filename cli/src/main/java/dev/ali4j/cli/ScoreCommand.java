package dev.ali4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.AnomalyScorer;
import dev.ali4j.runtime.AnomalyScores;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.runtime.image.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ali score}: anomaly scores of images, one JSON object per line:
 * {@code {"file": "a.png", "score": "reconstruction", "value": 0.012, "percentile": 42.5,
 * "anomalous": false, "scores": {...}}} (percentile and anomalous are null for a bundle never
 * calibrated).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {
            "Anomaly scores of images: prints one JSON line per IMAGE,",
            "{\"file\": ..., \"score\": KIND, \"value\": ..., \"percentile\": ..., \"anomalous\": ..., \"scores\": {...}}.",
            "Higher is more anomalous. percentile (0-100, among normal images) and anomalous (above the 99th "
                    + "percentile) need a calibrated bundle (ali calibrate); they are null otherwise.",
            "scores holds every score the bundle can give: reconstruction and latent always, feature and "
                    + "discriminator with a discriminator.onnx, density and combined once ali calibrate has "
                    + "profiled the bundle."},
        exitCodeOnInvalidInput = Cli.EXIT_ERROR)
public final class ScoreCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--score", paramLabel = "KIND",
            description = "The primary score: ${COMPLETION-CANDIDATES}. "
                    + "Default: the bundle's calibrated score, else " + AnomalyScoreKind.UNCALIBRATED_LABEL + ".",
            completionCandidates = AnomalyScoreNames.class)
    private String score;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images to score.")
    private List<Path> images;

    @Override
    public Integer call() throws IOException {
        try (OnnxLatentModel model = bundle.load()) {
            AnomalyScorer scorer = score == null ? new AnomalyScorer(model)
                    : new AnomalyScorer(model, AnomalyScoreKind.fromLabel(score));
            ImageSpec imageSpec = model.manifest().image();
            ObjectMapper json = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            PrintWriter stdout = spec.commandLine().getOut();
            for (List<Path> chunk : InputImages.batches(images)) {
                AnomalyScores scores = scorer.score(ImageFiles.read(chunk, imageSpec));
                for (int i = 0; i < chunk.size(); i++) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("file", chunk.get(i).toString());
                    line.putAll(scores.describe(i));
                    stdout.println(json.writeValueAsString(line));
                }
            }
            stdout.flush();
            return 0;
        }
    }
}
