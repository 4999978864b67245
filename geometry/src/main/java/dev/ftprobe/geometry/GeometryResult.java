package dev.ftprobe.geometry;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything the analysis computes for one set of labelled points. Deterministic: the same input
 * gives an identical result.
 *
 * @param clusterOfPoint DirectProbe cluster per point (dense numbers, by first point)
 * @param clusterLabel label id (input ids) per cluster
 * @param clusterCount number of clusters
 * @param linear true when clusters = labels present
 * @param labels label names in sorted order: the order of all per-label values below
 * @param labelDistances label distance matrix (sorted order; NaN where undefined)
 * @param distanceVector upper triangle of {@code labelDistances}, n(n-1)/2 entries
 * @param minimumDistances each label's smallest distance to another label (empty where undefined)
 * @param centroids each label's centroid (NaN row for a label without points)
 * @param timings milliseconds per phase
 */
public record GeometryResult(
        int[] clusterOfPoint,
        int[] clusterLabel,
        int clusterCount,
        boolean linear,
        List<String> labels,
        double[][] labelDistances,
        double[] distanceVector,
        List<OptionalDouble> minimumDistances,
        double[][] centroids,
        List<DirectProbeClusters.PhaseTiming> timings) {}
