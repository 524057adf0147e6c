package dev.ali4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.api.AtomicFiles;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.trainer.data.DataSplits;
import dev.ali4j.trainer.eval.Evaluation;
import dev.ali4j.trainer.eval.EvaluationReport;
import dev.ali4j.trainer.eval.EvaluationSuite;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali eval}: the evaluation suite ({@link EvaluationSuite}) of a bundle on test images, through ONNX Runtime. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a bundle on the test split through ONNX Runtime and write a JSON file with every "
                + "metric and the settings used. Pixels are compared in [0, 1].",
                "  pixel_mse: x against G(mu(x)); pixel_mse_shuffled: G(mu(x)) against another test image (chance).",
                "  inpainting_mse: a seeded box per image (sides 1/4 to 1/2 of the image) filled by the runtime's "
                        + "inpainting, error on the box's pixels only; inpainting_mse_shuffled: the fill against "
                        + "another image's pixels there (chance).",
                "  linear_probe_accuracy: softmax regression on mu(x), fitted on --probe-train training codes, "
                        + "scored on the test codes (labelled data only).",
                "With --classifier: label_preservation (the classifier's accuracy on G(mu(x)) against x's labels), "
                        + "classifier_accuracy (on x: the ceiling), and fid_classifier (Frechet distance between the "
                        + "classifier's features of --fid-samples prior samples G(z) and of as many test images).",
                "Metrics that need labels are skipped, with a note in the file, when the data has none."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Model bundle directory.")
    Path bundle;

    @Mixin
    DataOptions data;

    @Option(names = "--limit", defaultValue = "0", description = "Evaluate at most this many test images (0 = all).")
    int limit;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of every random choice: shuffled pairings, prior samples, boxes, the probe's training "
                    + "subset. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = default).")
    int threads;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "Classifier directory from 'ali train-classifier': adds label_preservation, "
                    + "classifier_accuracy and fid_classifier.")
    Path classifier;

    @Option(names = "--fid-samples", defaultValue = "0", paramLabel = "N",
            description = "Prior samples for fid_classifier, against as many test images (0 = as many as the test "
                    + "images evaluated).")
    int fidSamples;

    @Option(names = "--probe-train", defaultValue = "" + Evaluation.DEFAULT_PROBE_TRAIN, paramLabel = "N",
            description = "Training images (a seeded random subset) encoded to fit the linear probe; 0 = all. "
                    + "Default: ${DEFAULT-VALUE}.")
    int probeTrain;

    @Option(names = "--no-probe", description = "Skip linear_probe_accuracy.")
    boolean noProbe;

    @Option(names = "--inpaint-rounds", defaultValue = "" + Evaluation.DEFAULT_INPAINT_ROUNDS, paramLabel = "K",
            description = "Encode-decode-paste rounds of the inpainting. Default: ${DEFAULT-VALUE}.")
    int inpaintRounds;

    @Option(names = "--no-inpainting", description = "Skip inpainting_mse.")
    boolean noInpainting;

    @Option(names = "--out", defaultValue = "eval.json", paramLabel = "FILE", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Evaluation settings = Evaluation.defaults().withLimit(limit).withSeed(seed).withThreads(threads)
                .withClassifier(classifier).withFidSamples(fidSamples).withProbe(!noProbe).withProbeTrain(probeTrain)
                .withInpainting(!noInpainting).withInpaintRounds(inpaintRounds);
        ImageSpec image = Bundles.verify(bundle).image();
        DataSplits splits = data.open(image.channels(), image.height(), image.width());
        EvaluationReport report = EvaluationSuite.run(bundle, splits, settings);
        report.writeJson(out);
        printSummary(report, out, spec.commandLine().getOut());
        return 0;
    }

    /** A few lines: each metric measured, and each note. */
    static void printSummary(EvaluationReport r, Path file, PrintWriter stdout) {
        stdout.printf("pixel_mse %.4f, pixel_mse_shuffled %.4f (ratio %.2f) on %d test images -> %s%n",
                r.reconstruction().pixelMse(), r.reconstruction().pixelMseShuffled(), r.reconstruction().ratio(),
                r.reconstruction().images(), file);
        r.labels().ifPresent(l -> stdout.printf(
                "label_preservation %.4f (classifier on G(mu(x))), classifier_accuracy %.4f (on x)%n",
                l.labelPreservation(), l.classifierAccuracy()));
        r.fid().ifPresent(f -> stdout.printf("fid_classifier %.4f (%d samples G(z) by %s against %d test images), "
                + "sample_class_tv %.3f (their classes against the test images')%n",
                f.distance(), f.generated(), f.network(), f.real(), f.classes().totalVariation()));
        r.probe().ifPresent(p -> stdout.printf("linear_probe_accuracy %.4f (%d classes, fitted on %d training codes)%n",
                p.accuracy(), p.classes(), p.trainCodes()));
        r.inpainting().ifPresent(i -> stdout.printf(
                "inpainting_mse %.4f, inpainting_mse_shuffled %.4f (boxes of %d to %d pixels a side)%n",
                i.inpaintingMse(), i.inpaintingMseShuffled(), i.minSide(), i.maxSide()));
        r.notes().forEach(note -> stdout.println("note: " + note));
    }
}
