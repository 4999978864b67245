package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The geometry of one set of labelled points (METHOD.md §3-5): DirectProbe's clusters and the distances between labels.
 * Labels are in ascending id order, the task's label order; undefined values are null. Deterministic: the same input
 * gives an equal result. Timings are not part of it (see {@link GeometryRun}), so that a result published twice is the
 * same.
 *
 * @param labels the labels of the set, ascending by id, with their clusters, minimum distances and centroids
 * @param clusters the number of DirectProbe clusters
 * @param linear whether the set is linearly separable by label (clusters = labels present)
 * @param distanceVector label-pair distances, upper triangle row by row in {@code labels} order ((l0,l1), (l0,l2), ...,
 *     (l1,l2), ...); null where undefined
 * @param undecided DirectProbe's decisions that rested on cluster pairs neither a nearest-point certificate nor the
 *     exact LP could decide ({@link DirectProbeClusters#undecided}); they were treated as overlaps, so the partition is
 *     well defined but may hold more clusters than an exact answer would; 0 in results from before it was counted
 */
public record GeometryResult(
        List<LabelGeometry> labels, int clusters, boolean linear, List<Double> distanceVector, int undecided) {

    /** With no undecided pairs. */
    public GeometryResult(List<LabelGeometry> labels, int clusters, boolean linear, List<Double> distanceVector) {
        this(labels, clusters, linear, distanceVector, 0);
    }

    public GeometryResult {
        if (undecided < 0) {
            throw new IllegalArgumentException("undecided must be >= 0, was " + undecided);
        }
        if (labels == null || distanceVector == null) {
            throw new IllegalArgumentException("labels and distanceVector are required");
        }
        labels = List.copyOf(labels);
        for (int i = 1; i < labels.size(); i++) {
            if (labels.get(i).id() <= labels.get(i - 1).id()) {
                throw new IllegalArgumentException("labels must be in ascending id order, found "
                        + labels.get(i - 1).id() + " before " + labels.get(i).id());
            }
        }
        int n = labels.size();
        if (distanceVector.size() != n * (n - 1) / 2) {
            throw new IllegalArgumentException("distanceVector has " + distanceVector.size() + " entries for " + n
                    + " labels, expected " + n * (n - 1) / 2);
        }
        for (Double d : distanceVector) {
            if (d != null && !(Double.isFinite(d) && d >= 0)) {
                throw new IllegalArgumentException("distanceVector entry " + d + " is not >= 0");
            }
        }
        // List.copyOf refuses nulls, and null is how an undefined distance is written
        distanceVector = Collections.unmodifiableList(new ArrayList<>(distanceVector));
        int perLabel = labels.stream().mapToInt(LabelGeometry::clusters).sum();
        if (clusters < perLabel) {
            throw new IllegalArgumentException("clusters " + clusters + " is fewer than the labels' " + perLabel);
        }
    }

    /** The distance between the labels at positions i and j of {@link #labels} (i != j), null when undefined. */
    public Double distance(int i, int j) {
        int n = labels.size();
        if (i == j || i < 0 || j < 0 || i >= n || j >= n) {
            throw new IndexOutOfBoundsException("need two positions below " + n + ", got " + i + ", " + j);
        }
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        return distanceVector.get(a * (2 * n - a - 1) / 2 + (b - a - 1));
    }

    /** The position in {@link #labels} of the label with this id, or -1. */
    public int indexOf(int labelId) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).id() == labelId) {
                return i;
            }
        }
        return -1;
    }
}
