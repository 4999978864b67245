package dev.ftprobe.geometry;

import java.util.List;

/**
 * How one label of a set moved from the baseline (METHOD.md §5). Undefined values are null.
 *
 * @param id the label's id in its task
 * @param name the label's name
 * @param minDistance its minimum distance now; null when undefined
 * @param minDistanceChange its change from the baseline; null unless defined at both
 * @param centroidShift the norm of {@code centroidMovement}; null when the baseline lacks the label
 * @param centroidMovement its centroid now minus at the baseline; null when the baseline lacks the label
 */
public record LabelDynamics(
        int id,
        String name,
        Double minDistance,
        Double minDistanceChange,
        Double centroidShift,
        List<Double> centroidMovement) {
    public LabelDynamics {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("label " + id + " has no name");
        }
        if ((centroidShift == null) != (centroidMovement == null)) {
            throw new IllegalArgumentException("label " + name + ": centroidShift and centroidMovement go together");
        }
        centroidMovement = centroidMovement == null ? null : List.copyOf(centroidMovement);
    }
}
