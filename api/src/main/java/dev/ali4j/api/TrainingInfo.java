package dev.ali4j.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a bundle's networks were trained: the provenance a model carries with it. Only
 * {@link #objective()} and {@link #architecture()} are required; counts default to 0,
 * {@link #dataset()} to "" and {@link #versions()} to an empty map.
 *
 * <pre>{@code
 * TrainingInfo info = TrainingInfo.builder()
 *         .objective("ali").architecture("gray28").dataset("MNIST train, 60000 images")
 *         .steps(46_900).epochs(50).batchSize(64).seed(42)
 *         .version("ali4j", "0.1.0").version("djl", "0.35.1")
 *         .build();
 * }</pre>
 */
public final class TrainingInfo {
    private final String objective;
    private final String architecture;
    private final String dataset;
    private final long steps;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Map<String, String> versions;

    private TrainingInfo(Builder b) {
        this.objective = requireText("objective", b.objective);
        this.architecture = requireText("architecture", b.architecture);
        this.dataset = b.dataset == null ? "" : b.dataset;
        if (b.steps < 0 || b.epochs < 0 || b.batchSize < 0) {
            throw new IllegalArgumentException("steps, epochs and batchSize must not be negative");
        }
        this.steps = b.steps;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.versions = Collections.unmodifiableMap(new TreeMap<>(b.versions));
    }

    /** @return a builder with no objective or architecture set yet */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this object's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder().objective(objective).architecture(architecture).dataset(dataset)
                .steps(steps).epochs(epochs).batchSize(batchSize).seed(seed);
        b.versions.putAll(versions);
        return b;
    }

    /** @return the training objective, e.g. {@code "ali"} */
    public String objective() {
        return objective;
    }

    /** @return the architecture preset, e.g. {@code "gray28"} */
    public String architecture() {
        return architecture;
    }

    /** @return a free-text description of the training data, possibly empty */
    public String dataset() {
        return dataset;
    }

    /** @return optimiser steps taken */
    public long steps() {
        return steps;
    }

    /** @return epochs completed */
    public int epochs() {
        return epochs;
    }

    /** @return images per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the random seed of the run */
    public long seed() {
        return seed;
    }

    /** @return software versions, e.g. {@code ali4j -> 0.1.0}; unmodifiable, sorted by key */
    public Map<String, String> versions() {
        return versions;
    }

    private static String requireText(String field, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrainingInfo)) {
            return false;
        }
        TrainingInfo that = (TrainingInfo) o;
        return steps == that.steps && epochs == that.epochs && batchSize == that.batchSize && seed == that.seed
                && objective.equals(that.objective) && architecture.equals(that.architecture)
                && dataset.equals(that.dataset) && versions.equals(that.versions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objective, architecture, dataset, steps, epochs, batchSize, seed, versions);
    }

    @Override
    public String toString() {
        return objective + " / " + architecture + ", " + steps + " steps, " + epochs + " epochs, batch " + batchSize
                + ", seed " + seed + (dataset.isEmpty() ? "" : ", data: " + dataset) + ", versions " + versions;
    }

    /** Collects the fields of a {@link TrainingInfo}; {@link #build()} validates them. */
    public static final class Builder {
        private String objective;
        private String architecture;
        private String dataset = "";
        private long steps;
        private int epochs;
        private int batchSize;
        private long seed;
        private final Map<String, String> versions = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param objective e.g. {@code "ali"}
         * @return this builder
         */
        public Builder objective(String objective) {
            this.objective = objective;
            return this;
        }

        /**
         * @param architecture e.g. {@code "gray28"}
         * @return this builder
         */
        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * @param dataset free text describing the data
         * @return this builder
         */
        public Builder dataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * @param steps optimiser steps taken
         * @return this builder
         */
        public Builder steps(long steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param epochs epochs completed
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * @param batchSize images per batch
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param seed the run's random seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param versions replaces all recorded versions
         * @return this builder
         */
        public Builder versions(Map<String, String> versions) {
            this.versions.clear();
            versions.forEach(this::version);
            return this;
        }

        /**
         * @param software e.g. {@code "pytorch"}
         * @param version e.g. {@code "2.7.1"}
         * @return this builder
         */
        public Builder version(String software, String version) {
            this.versions.put(Objects.requireNonNull(software, "software"), Objects.requireNonNull(version, "version"));
            return this;
        }

        /**
         * @return the training info
         * @throws IllegalArgumentException if objective or architecture is missing or a count is negative
         */
        public TrainingInfo build() {
            return new TrainingInfo(this);
        }
    }
}
