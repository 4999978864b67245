package dev.ftprobe.geometry;

import java.util.List;

/**
 * How a set's geometry changed from the baseline's (METHOD.md §4-5); see {@link Dynamics}.
 *
 * @param clusters DirectProbe clusters now
 * @param labels the number of labels present now
 * @param linear clusters = labels
 * @param labelDynamics each label present now, ascending by id
 * @param meanMinDistance the mean of the defined minimum distances now; null when none is defined
 * @param similarityToBaseline Pearson of this set's and the baseline's distance vectors; null when undefined
 * @param similarityToBaselineUndefined why it is null
 */
public record SetDynamics(
        int clusters,
        int labels,
        boolean linear,
        List<LabelDynamics> labelDynamics,
        Double meanMinDistance,
        Double similarityToBaseline,
        String similarityToBaselineUndefined) {
    public SetDynamics {
        labelDynamics = List.copyOf(labelDynamics);
        if ((similarityToBaseline == null) == (similarityToBaselineUndefined == null)) {
            throw new IllegalArgumentException(
                    "similarityToBaselineUndefined is given exactly when " + "similarityToBaseline is absent");
        }
    }
}
