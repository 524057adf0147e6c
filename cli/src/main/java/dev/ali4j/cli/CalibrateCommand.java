package dev.ali4j.cli;

import dev.ali4j.api.AnomalyScoreKind;
import dev.ali4j.api.BundleSignature;
import dev.ali4j.api.Bundles;
import dev.ali4j.api.Calibration;
import dev.ali4j.api.ImageSpec;
import dev.ali4j.runtime.OnnxLatentModel;
import dev.ali4j.trainer.anomaly.Calibrator;
import dev.ali4j.trainer.data.DataSplits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ali calibrate}: measures an anomaly score on normal held-out images and keeps its percentiles in the bundle. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Profiles the training images of --data (the codes' Gaussian and the spread of the "
                + "reconstruction and density scores; give the --data and --classes the model was trained on), then "
                + "scores the held-out (test) images, which must be normal images too, and writes the profile and the "
                + "score's percentiles 0 to 100 into the bundle's manifest (a checksummed \"calibration\" section, "
                + "written atomically).",
                "Afterwards ali score, the server's /v1/score and AnomalyScorer give each image's percentile among "
                        + "normal images and flag those above the 99th."})
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Mixin
    private DataOptions data;

    @Option(names = "--score", paramLabel = "KIND",
            description = "The score to calibrate: ${COMPLETION-CANDIDATES}. Default: "
                    + AnomalyScoreKind.DEFAULT_LABEL + ".", completionCandidates = AnomalyScoreNames.class)
    private String score;

    @Option(names = "--limit", defaultValue = "0", description = "Use at most this many held-out images (0 = all).")
    private int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Calibration calibration;
        try (OnnxLatentModel model = bundle.load()) {
            ImageSpec image = model.manifest().image();
            AnomalyScoreKind kind = score == null ? AnomalyScoreKind.DEFAULT : AnomalyScoreKind.fromLabel(score);
            DataSplits splits = data.open(image.channels(), image.height(), image.width());
            calibration = Calibrator.calibrate(model, kind, splits, limit);
        }
        Bundles.writeCalibration(bundle.bundle(), calibration);
        float[] q = calibration.quantiles();
        stdout.printf("%s; calibrated the %s score on %d held-out images: median %.5g, 95th percentile %.5g, "
                + "99th %.5g%n", calibration.profile() != null
                        ? "Profiled " + calibration.profile().images() + " training images"
                        : "Too few training images to profile (no density or combined score)",
                calibration.score().label(), calibration.images(), q[50], q[95], q[99]);
        stdout.println("Written into " + bundle.bundle().resolve("manifest.json"));
        if (Files.exists(bundle.bundle().resolve(BundleSignature.FILE_NAME))) {
            stdout.println("Its signature, " + BundleSignature.FILE_NAME + ", was of the manifest before: sign the "
                    + "bundle again (ali sign).");
        }
        return 0;
    }
}
