package dev.ali4j.trainer.objective;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tuple objective as written in a JSON or YAML file: the presets ({@code ali}, {@code gali-4},
 * ...) are files in this format, and {@code ./ali train --objective-file} reads a user's own.
 *
 * <pre>{@code
 * {
 *   "name": "gali-4",
 *   "encoder": "stochastic",
 *   "variables": { "ex": "E(x)", "rx": "G(ex)", "erx": "E(rx)",
 *                  "gz": "G(z)", "egz": "E(gz)", "rgz": "G(egz)" },
 *   "tuples": [ ["x", "ex"], ["x", "erx"], ["gz", "z"], ["rgz", "z"] ]
 * }
 * }</pre>
 *
 * <p>{@code x} (a batch of data) and {@code z} (a batch from the prior) are always defined. Each
 * further variable applies one operation to variables: {@code E(image)} (the encoder; a
 * reparameterised sample unless the encoder is deterministic), {@code mu(image)} (the encoder's
 * mean), {@code G(latent)}, {@code Gfixed(latent)} (G with its weights held fixed: gradients reach
 * the code only), {@code M(image)} (features of the frozen pre-trained model), {@code mask(image)} (a random
 * rectangle per image filled with -2) and {@code mix(outside, inside)} (pixels of the first
 * image outside that rectangle, of the second inside). Tuple k is class k of D's softmax.
 * {@link Objective#compile} checks everything and says what is wrong.
 *
 * @param name shown in logs and recorded in bundles
 * @param description one line for {@code --help} and reports (optional)
 * @param encoder {@code stochastic} (ALI, GALI) or {@code deterministic} (BiGAN); default stochastic
 * @param variables name to {@code OP(args)}, in any order
 * @param tuples K >= 2 lists of variable names, all of the same length and slot kinds
 * @param reconstruction optional explicit reconstruction terms (ALICE): pairs {@code [target,
 *     reconstruction]} added to G and E's loss as lambda times their mean squared difference
 * @param lambda weight of the reconstruction terms (0 when there are none)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectiveSpec(
        String name,
        String description,
        String encoder,
        Map<String, String> variables,
        List<List<String>> tuples,
        List<List<String>> reconstruction,
        Float lambda) {

    public ObjectiveSpec {
        variables = variables == null ? Map.of() : new LinkedHashMap<>(variables);
        tuples = tuples == null ? List.of() : List.copyOf(tuples);
        reconstruction = reconstruction == null ? List.of() : List.copyOf(reconstruction);
    }

    /** The same objective with another reconstruction weight ({@code --lambda}). */
    public ObjectiveSpec withLambda(float value) {
        return new ObjectiveSpec(name, description, encoder, variables, tuples, reconstruction, value);
    }

    /** The reconstruction weight, 0 if unset. */
    public float lambdaOrZero() {
        return lambda == null ? 0f : lambda;
    }
}
