package dev.ali4j.api;

import java.util.Objects;

/**
 * The latent space of a bundle: vectors of {@link #size()} floats with prior {@link #prior()}
 * (today always {@value #PRIOR_NORMAL}, the standard normal N(0, I): reading a manifest refuses
 * any other, which sampling and the latent score would not honour).
 *
 * <pre>{@code
 * LatentSpec latent = new LatentSpec(64);  // z ~ N(0, I) in 64 dimensions
 * }</pre>
 */
public final class LatentSpec {
    /** The standard normal prior N(0, I). */
    public static final String PRIOR_NORMAL = "normal";

    private final int size;
    private final String prior;

    /**
     * A latent space with the standard normal prior.
     *
     * @param size dimensions, at least 1
     */
    public LatentSpec(int size) {
        this(size, PRIOR_NORMAL);
    }

    /**
     * @param size dimensions, at least 1
     * @param prior name of the prior, e.g. {@value #PRIOR_NORMAL}
     * @throws IllegalArgumentException if size is below 1 or prior is blank
     */
    public LatentSpec(int size, String prior) {
        if (size < 1) {
            throw new IllegalArgumentException("latent size must be at least 1, got " + size);
        }
        if (prior == null || prior.trim().isEmpty()) {
            throw new IllegalArgumentException("prior must not be empty");
        }
        this.size = size;
        this.prior = prior;
    }

    /** @return the number of latent dimensions d */
    public int size() {
        return size;
    }

    /** @return the prior's name, e.g. {@value #PRIOR_NORMAL} */
    public String prior() {
        return prior;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LatentSpec)) {
            return false;
        }
        LatentSpec that = (LatentSpec) o;
        return size == that.size && prior.equals(that.prior);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, prior);
    }

    @Override
    public String toString() {
        return "d=" + size + " " + prior;
    }
}
