package dev.ali4j.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ali4j.trainer.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@link EvaluationSuite#run} measured, with the settings it used. A metric that
 * was not asked for, or could not be measured (unlabelled data, no classifier), is empty, and
 * {@link #notes} says why when it was asked for.
 *
 * @param settings the settings of the run
 * @param bundle the bundle evaluated, as given
 * @param data where the images came from ({@code DataSplits.description})
 * @param reconstruction {@code pixel_mse} and its chance level
 * @param labels {@code label_preservation} and {@code classifier_accuracy}
 * @param fid {@code fid_classifier}, and the class mix of the same samples ({@code sample_class_tv},
 *     {@code sample_class_shares}, {@code real_class_shares})
 * @param probe {@code linear_probe_accuracy}
 * @param inpainting {@code inpainting_mse} and its chance level
 * @param notes why a metric that was asked for is missing
 * @param seconds time spent measuring, models loaded
 */
public record EvaluationReport(Evaluation settings, String bundle, String data, ReconstructionEval.Result reconstruction,
        Optional<LabelPreservation.Result> labels, Optional<Fid> fid, Optional<Probe> probe,
        Optional<InpaintingEval.Result> inpainting, List<String> notes, double seconds) {

    public EvaluationReport {
        notes = List.copyOf(notes);
    }

    /**
     * The Fréchet distance between the classifier's features of prior samples and of test images.
     *
     * @param distance the distance
     * @param generated samples G(z), z ~ N(0, I) drawn from the run's seed
     * @param real test images (the first ones)
     * @param featureSize the width of the classifier's features
     * @param network the bundle's file that decoded the samples: {@code sampler.onnx}, or
     *     {@code generator.onnx} in bundles exported before ali4j wrote a sampler
     * @param classes the classes the classifier predicts for the same samples and test images
     */
    public record Fid(double distance, int generated, int real, int featureSize, String network, ClassMix classes) {}

    /**
     * The linear probe's accuracy on the test codes.
     *
     * @param accuracy fraction of test codes classified right, in [0, 1]
     * @param trainCodes training images encoded and fitted on
     * @param testCodes test images scored
     * @param classes the number of classes
     */
    public record Probe(double accuracy, int trainCodes, int testCodes, int classes) {}

    /**
     * What eval.json holds: the metrics under their historical keys ({@code pixel_mse},
     * {@code pixel_mse_shuffled}, {@code ratio}, {@code images}, {@code label_preservation},
     * {@code classifier_accuracy}, {@code bundle}, {@code data}, {@code seed}, {@code classifier},
     * {@code seconds}), the new ones, {@code notes} when something was skipped, and every
     * setting under {@code settings}.
     */
    /** Writes {@link #toJson()} pretty-printed, atomically, creating the directory if needed. */
    public void writeJson(Path file) throws IOException {
        JsonFiles.write(toJson(), file);
    }

    public ObjectNode toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bundle", bundle);
        json.put("data", data);
        json.put("images", reconstruction.images());
        json.put("pixel_mse", reconstruction.pixelMse());
        json.put("pixel_mse_shuffled", reconstruction.pixelMseShuffled());
        json.put("ratio", reconstruction.ratio());
        json.put("seed", settings.seed());
        if (settings.classifier() != null) {
            json.put("classifier", settings.classifier().toString());
        }
        labels.ifPresent(l -> {
            json.put("label_preservation", l.labelPreservation());
            json.put("classifier_accuracy", l.classifierAccuracy());
        });
        fid.ifPresent(f -> {
            json.put("fid_classifier", f.distance());
            json.put("fid_generated", f.generated());
            json.put("fid_real", f.real());
            json.put("fid_network", f.network());
            json.put("sample_class_tv", f.classes().totalVariation());
            ArrayNode sampleShares = json.putArray("sample_class_shares");
            Arrays.stream(f.classes().samples()).forEach(sampleShares::add);
            ArrayNode realShares = json.putArray("real_class_shares");
            Arrays.stream(f.classes().real()).forEach(realShares::add);
        });
        probe.ifPresent(p -> {
            json.put("linear_probe_accuracy", p.accuracy());
            json.put("probe_train_codes", p.trainCodes());
            json.put("probe_classes", p.classes());
        });
        inpainting.ifPresent(i -> {
            json.put("inpainting_mse", i.inpaintingMse());
            json.put("inpainting_mse_shuffled", i.inpaintingMseShuffled());
            json.put("inpainting_box_min_side", i.minSide());
            json.put("inpainting_box_max_side", i.maxSide());
        });
        if (!notes.isEmpty()) {
            ArrayNode array = json.putArray("notes");
            notes.forEach(array::add);
        }
        ObjectNode s = json.putObject("settings");
        s.put("limit", settings.limit());
        s.put("seed", settings.seed());
        s.put("threads", settings.threads());
        s.put("classifier", settings.classifier() == null ? null : settings.classifier().toString());
        s.put("fid_samples", settings.fidSamples());
        s.put("probe", settings.probe());
        s.put("probe_train", settings.probeTrain());
        s.put("probe_iterations", settings.probeIterations());
        s.put("probe_l2", settings.probeL2());
        s.put("inpainting", settings.inpainting());
        s.put("inpaint_rounds", settings.inpaintRounds());
        s.put("inpaint_box_min_fraction", settings.boxMinFraction());
        s.put("inpaint_box_max_fraction", settings.boxMaxFraction());
        json.put("seconds", seconds);
        return json;
    }
}
