package dev.ali4j.cli;

import dev.ali4j.api.AnomalyScoreKind;
import java.util.ArrayList;

/** The anomaly scores' labels, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
final class AnomalyScoreNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    AnomalyScoreNames() {
        super(AnomalyScoreKind.labels());
    }
}
