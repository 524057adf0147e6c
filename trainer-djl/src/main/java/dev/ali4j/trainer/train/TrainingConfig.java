package dev.ali4j.trainer.train;

import dev.ali4j.trainer.objective.ObjectiveSpec;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.objective.Stabilisers;

/**
 * What a training run does. Defaults follow SPEC.md: Adam with beta1 0.5 and beta2 0.999.
 *
 * @param architecture preset name, see {@code Presets}
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param learningRate Adam's learning rate for both optimizers
 * @param beta1 Adam's beta1
 * @param beta2 Adam's beta2
 * @param seed seeds the engine's RNG (initialisation, noise, dropout) and the data order
 * @param trainLimit use at most this many training images (0 = all)
 * @param averageDecay decay of the exponential average of E and G's weights that is exported and
 *     shown (0 = no averaging, export the last weights)
 * @param objective the tuple objective, declared in full so that a checkpoint can be resumed
 *     without the file it came from (default: the {@code ali} preset)
 * @param stabilisers spectral norm, instance noise, dropout, D:G ratio, output bias
 * @param classifier directory of the frozen classifier whose features objectives with
 *     {@code M(...)} use (null otherwise)
 */
public record TrainingConfig(
        String architecture,
        int epochs,
        int batchSize,
        float learningRate,
        float beta1,
        float beta2,
        long seed,
        int trainLimit,
        float averageDecay,
        ObjectiveSpec objective,
        Stabilisers stabilisers,
        String classifier) {

    /** ALI with ALI's stabilisers. */
    public TrainingConfig(String architecture, int epochs, int batchSize, float learningRate, float beta1,
            float beta2, long seed, int trainLimit, float averageDecay) {
        this(architecture, epochs, batchSize, learningRate, beta1, beta2, seed, trainLimit, averageDecay, null, null,
                null);
    }

    public TrainingConfig {
        // Checkpoints written before objectives existed are ALI runs.
        objective = objective == null ? Objectives.presetSpec("ali") : objective;
        stabilisers = stabilisers == null ? Stabilisers.defaults() : stabilisers;
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (batch norm), got " + batchSize);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam's betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all images) or positive, got " + trainLimit);
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("average decay must be in [0, 1), got " + averageDecay);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
    }

    /** The defaults of {@code ./ali train}. */
    public static TrainingConfig defaults() {
        return new TrainingConfig("gray28", 5, 100, 2e-4f, 0.5f, 0.999f, 42, 0, 0.999f);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, beta1, beta2, value, trainLimit,
                averageDecay, objective, stabilisers, classifier);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(architecture, epochs, value, learningRate, beta1, beta2, seed, trainLimit,
                averageDecay, objective, stabilisers, classifier);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(architecture, value, batchSize, learningRate, beta1, beta2, seed, trainLimit,
                averageDecay, objective, stabilisers, classifier);
    }

    /** The same run with another objective, its stabilisers and (for {@code M(...)}) classifier. */
    public TrainingConfig withObjective(ObjectiveSpec spec, Stabilisers settings, String classifierDirectory) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, beta1, beta2, seed, trainLimit,
                averageDecay, spec, settings, classifierDirectory);
    }
}
