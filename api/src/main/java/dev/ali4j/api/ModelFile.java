package dev.ali4j.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One network of a bundle: an ONNX file in the bundle directory and the names of its inputs and
 * outputs, in order. ali4j's conventions:
 * <ul>
 *   <li>encoder: input {@value #IMAGE} {@code [N,C,H,W]}, outputs {@value #MU} and
 *       {@value #LOG_SIGMA} {@code [N,d]} (a deterministic encoder may list {@value #MU} only);</li>
 *   <li>generator: input {@value #Z} {@code [N,d]}, output {@value #IMAGE} {@code [N,C,H,W]};</li>
 *   <li>discriminator (optional): inputs {@value #IMAGE} {@code [N,C,H,W]} and {@value #Z}
 *       {@code [N,d]}, outputs {@value #LOGITS} {@code [N,K]} and {@value #FEATURES}
 *       {@code [N,F]}.</li>
 * </ul>
 *
 * <pre>{@code
 * ModelFile encoder = ModelFile.encoder("encoder.onnx");     // image -> mu, log_sigma
 * ModelFile generator = ModelFile.generator("generator.onnx"); // z -> image
 * }</pre>
 */
public final class ModelFile {
    /** Name of the encoder's input and of the generator's output. */
    public static final String IMAGE = "image";
    /** Name of the generator's input. */
    public static final String Z = "z";
    /** Name of the encoder's mean output. */
    public static final String MU = "mu";
    /** Name of the encoder's log standard deviation output. */
    public static final String LOG_SIGMA = "log_sigma";
    /** Name of the discriminator's logits output, one per tuple class; class 0 is (x, E(x)). */
    public static final String LOGITS = "logits";
    /** Name of the discriminator's joint features output: its last hidden layer. */
    public static final String FEATURES = "features";

    private final String file;
    private final List<String> inputs;
    private final List<String> outputs;

    /**
     * @param file a plain file name inside the bundle directory (no directory part)
     * @param inputs input names, at least one
     * @param outputs output names, at least one
     * @throws IllegalArgumentException if the file name has a directory part or a list is empty
     */
    public ModelFile(String file, List<String> inputs, List<String> outputs) {
        this.file = requirePlainFileName(file);
        this.inputs = names("inputs", inputs);
        this.outputs = names("outputs", outputs);
    }

    /**
     * @param file the encoder's file name, e.g. {@code "encoder.onnx"}
     * @return an encoder with input {@value #IMAGE} and outputs {@value #MU}, {@value #LOG_SIGMA}
     */
    public static ModelFile encoder(String file) {
        return new ModelFile(file, Collections.singletonList(IMAGE), Arrays.asList(MU, LOG_SIGMA));
    }

    /**
     * @param file the generator's file name, e.g. {@code "generator.onnx"}
     * @return a generator with input {@value #Z} and output {@value #IMAGE}
     */
    public static ModelFile generator(String file) {
        return new ModelFile(file, Collections.singletonList(Z), Collections.singletonList(IMAGE));
    }

    /**
     * @param file the discriminator's file name, e.g. {@code "discriminator.onnx"}
     * @return a discriminator D(x, z) with inputs {@value #IMAGE}, {@value #Z} and outputs
     *     {@value #LOGITS}, {@value #FEATURES}
     */
    public static ModelFile discriminator(String file) {
        return new ModelFile(file, Arrays.asList(IMAGE, Z), Arrays.asList(LOGITS, FEATURES));
    }

    /** @return the file name inside the bundle directory */
    public String file() {
        return file;
    }

    /** @return the input names, unmodifiable */
    public List<String> inputs() {
        return inputs;
    }

    /** @return the output names, unmodifiable */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * Rejects names that could point outside the bundle directory.
     *
     * @param name a file name from a manifest
     * @return the name
     * @throws IllegalArgumentException if it is empty, has a directory part or is "." or ".."
     */
    static String requirePlainFileName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "file must be a plain file name inside the bundle directory, got \"" + name + "\"");
        }
        return name;
    }

    private static List<String> names(String what, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException(what + " must list at least one name");
        }
        List<String> copy = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(what + " must not contain empty names");
            }
            copy.add(name);
        }
        return Collections.unmodifiableList(copy);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelFile)) {
            return false;
        }
        ModelFile that = (ModelFile) o;
        return file.equals(that.file) && inputs.equals(that.inputs) && outputs.equals(that.outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, inputs, outputs);
    }

    @Override
    public String toString() {
        return file + " " + inputs + " -> " + outputs;
    }
}
