package dev.ali4j.trainer.train;

import dev.ali4j.trainer.arch.Presets;
import dev.ali4j.trainer.objective.ObjectiveSpec;
import dev.ali4j.trainer.objective.Objectives;
import dev.ali4j.trainer.objective.Stabilisers;

/**
 * What a training run does. Build one with {@link #builder()}; every default is declared here
 * once (the command line's defaults are these constants). Adam's defaults follow SPEC.md.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().architecture("gray28-small").epochs(3).seed(7).build();
 * }</pre>
 *
 * @param architecture preset name, see {@code Presets}
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param learningRate Adam's learning rate for E and G (and for D, unless {@code discriminatorLearningRate} says otherwise)
 * @param discriminatorLearningRate Adam's learning rate for D: the two time-scale update rule (Heusel et
 *     al., 2017) when it differs from {@code learningRate}; null (also in a checkpoint written before
 *     it existed) means the same as {@code learningRate}, and the record then holds that value
 * @param beta1 Adam's beta1
 * @param beta2 Adam's beta2
 * @param seed seeds the engine's RNG (initialisation, noise, dropout) and the data order
 * @param trainLimit use at most this many training images (0 = all)
 * @param averageDecay decay of the exponential average of E and G's weights that is exported and
 *     shown (0 = no averaging, export the last weights)
 * @param objective the tuple objective, declared in full so that a checkpoint can be resumed
 *     without the file it came from (default: the {@code ali} preset)
 * @param stabilisers spectral norm, instance noise, dropout, D:G ratio, output bias, update order
 * @param classifier directory of the frozen classifier whose features objectives with
 *     {@code M(...)} use (null otherwise)
 */
public record TrainingConfig(
        String architecture,
        int epochs,
        int batchSize,
        float learningRate,
        Float discriminatorLearningRate,
        float beta1,
        float beta2,
        long seed,
        int trainLimit,
        float averageDecay,
        ObjectiveSpec objective,
        Stabilisers stabilisers,
        String classifier) {

    public static final String DEFAULT_ARCHITECTURE = "gray28";
    public static final String DEFAULT_OBJECTIVE = "ali";
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final float DEFAULT_LEARNING_RATE = 2e-4f;
    public static final float DEFAULT_BETA1 = 0.5f;
    public static final float DEFAULT_BETA2 = 0.999f;
    public static final long DEFAULT_SEED = 42;
    public static final float DEFAULT_AVERAGE_DECAY = 0.999f;

    public TrainingConfig {
        // Checkpoints written before objectives existed are ALI runs.
        objective = objective == null ? Objectives.presetSpec(DEFAULT_OBJECTIVE) : objective;
        stabilisers = stabilisers == null ? Stabilisers.defaults() : stabilisers;
        discriminatorLearningRate = discriminatorLearningRate == null ? Float.valueOf(learningRate) : discriminatorLearningRate;
        if (architecture == null) {
            throw new IllegalArgumentException("an architecture is required");
        }
        Presets.byName(architecture); // an unknown name fails here, at build(), naming the known ones
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
        if (!(discriminatorLearningRate > 0)) {
            throw new IllegalArgumentException("D's learning rate must be positive, got " + discriminatorLearningRate);
        }
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@code ali train}. */
    public static TrainingConfig defaults() {
        return builder().build();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        // One shared rate stays shared: a later learningRate(...) on the builder moves D's too.
        Float ownRate = discriminatorLearningRate == learningRate ? null : discriminatorLearningRate;
        return new Builder().architecture(architecture).epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .discriminatorLearningRate(ownRate).betas(beta1, beta2).seed(seed).trainLimit(trainLimit)
                .averageDecay(averageDecay)
                .objective(objective).stabilisers(stabilisers).classifier(classifier);
    }

    public TrainingConfig withSeed(long value) {
        return toBuilder().seed(value).build();
    }

    public TrainingConfig withBatchSize(int value) {
        return toBuilder().batchSize(value).build();
    }

    public TrainingConfig withEpochs(int value) {
        return toBuilder().epochs(value).build();
    }

    /** Builds a {@link TrainingConfig}; {@link #build()} checks the values. */
    public static final class Builder {
        private String architecture = DEFAULT_ARCHITECTURE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private Float discriminatorLearningRate;
        private float beta1 = DEFAULT_BETA1;
        private float beta2 = DEFAULT_BETA2;
        private long seed = DEFAULT_SEED;
        private int trainLimit;
        private float averageDecay = DEFAULT_AVERAGE_DECAY;
        private ObjectiveSpec objective;
        private Stabilisers stabilisers;
        private String classifier;

        private Builder() {}

        /** An architecture preset: gray28, gray28-small, rgb32, rgb64, each also as -tiny. */
        public Builder architecture(String value) {
            architecture = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder learningRate(float value) {
            learningRate = value;
            return this;
        }

        /** D's learning rate; null (the default) means the same as {@link #learningRate}. */
        public Builder discriminatorLearningRate(Float value) {
            discriminatorLearningRate = value;
            return this;
        }

        /** Adam's beta1 and beta2. */
        public Builder betas(float first, float second) {
            beta1 = first;
            beta2 = second;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Train on at most this many images (0 = all). */
        public Builder trainLimit(int value) {
            trainLimit = value;
            return this;
        }

        /** 0 exports the last weights instead of their moving average. */
        public Builder averageDecay(float value) {
            averageDecay = value;
            return this;
        }

        /** The objective in full (see {@code Objectives.presetSpec} and {@code Objectives.read}). */
        public Builder objective(ObjectiveSpec value) {
            objective = value;
            return this;
        }

        /** An objective preset by name: ali, bigan, alice, alice-mu, gali-4, gali-8, gali-pretrained, gali-mix. */
        public Builder objective(String preset) {
            return objective(Objectives.presetSpec(preset));
        }

        public Builder stabilisers(Stabilisers value) {
            stabilisers = value;
            return this;
        }

        /** The frozen classifier's directory, for objectives with {@code M(...)}. */
        public Builder classifier(String directory) {
            classifier = directory;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(architecture, epochs, batchSize, learningRate, discriminatorLearningRate, beta1,
                    beta2, seed, trainLimit, averageDecay, objective, stabilisers, classifier);
        }
    }
}
