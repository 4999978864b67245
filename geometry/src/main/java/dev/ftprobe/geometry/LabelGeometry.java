package dev.ftprobe.geometry;

import java.util.List;

/**
 * One label's part of a set's geometry. Undefined values are null.
 *
 * @param id the label's id in its task
 * @param name the label's name in its task ("NOUN")
 * @param clusters the number of DirectProbe clusters of this label
 * @param minDistance its smallest distance to another label; null when it has none (every cluster of one side has at
 *     most 5 points)
 * @param centroid the mean of its points; null when it has no points
 */
public record LabelGeometry(int id, String name, int clusters, Double minDistance, List<Double> centroid) {
    public LabelGeometry {
        if (id < 0) {
            throw new IllegalArgumentException("label id must be >= 0, was " + id);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("label " + id + " has no name");
        }
        if (clusters < 0) {
            throw new IllegalArgumentException("label " + name + ": clusters must be >= 0, was " + clusters);
        }
        if (minDistance != null && !(Double.isFinite(minDistance) && minDistance >= 0)) {
            throw new IllegalArgumentException("label " + name + ": minDistance " + minDistance + " is not >= 0");
        }
        centroid = centroid == null ? null : List.copyOf(centroid);
    }
}
