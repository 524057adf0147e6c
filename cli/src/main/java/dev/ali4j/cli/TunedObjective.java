package dev.ali4j.cli;

import dev.ali4j.trainer.objective.ObjectiveSpec;
import dev.ali4j.trainer.objective.Objectives;

/**
 * An objective preset with the reconstruction weight a command measured for it (docs/RESULTS.md).
 * The weight applies when the user picks that preset without {@code --lambda}; any other preset
 * keeps its own.
 *
 * @param name the preset's name
 * @param lambda the weight of its reconstruction terms
 */
public record TunedObjective(String name, float lambda) {

    /** The weight to train {@code objective} with: the user's, else ours for our preset, else null (the preset's). */
    public Float weight(String objective, Float userLambda) {
        if (userLambda != null) {
            return userLambda;
        }
        return objective.equals(name) ? Float.valueOf(lambda) : null;
    }

    /** The preset {@code objective}, with {@link #weight} applied when there is one. */
    public ObjectiveSpec spec(String objective, Float userLambda) {
        ObjectiveSpec spec = Objectives.presetSpec(objective);
        Float weight = weight(objective, userLambda);
        return weight == null ? spec : spec.withLambda(weight);
    }

    /** The objective as the progress lines name it, e.g. "alice lambda 6.0". */
    public String describe(String objective, Float userLambda) {
        Float weight = weight(objective, userLambda);
        return weight == null ? objective : objective + " lambda " + weight;
    }
}
