package dev.ftprobe.geometry;

import java.util.List;

/**
 * The per-checkpoint vectors of label tracking under one {@link TrackingConventions} (NaN only under STRICT).
 *
 * @param conventions the conventions they follow
 * @param labels every label name, in sorted order (the original's label ids): the order of the values below
 * @param labelDistances one entry per label pair (i, j), i &lt; j, in that order: n(n-1)/2 entries
 * @param minimumDistances each label's smallest distance to another label
 * @param insideMean each label's mean over its clusters of the mean distance between two of the cluster's points
 * @param insideMax each label's largest distance between two points of one of its clusters
 */
public record TrackingVectors(
        TrackingConventions conventions,
        List<String> labels,
        double[] labelDistances,
        double[] minimumDistances,
        double[] insideMean,
        double[] insideMax) {}
