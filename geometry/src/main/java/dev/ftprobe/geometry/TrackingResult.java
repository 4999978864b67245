package dev.ftprobe.geometry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checkpoint's set under label tracking ({@link LabelTracking}); per-label values in sorted label order, NaN where
 * undefined.
 *
 * @param labels every label name, sorted
 * @param keptClusters the clusters of more than 5 points, ascending ids: the only ones used
 * @param leftOutClusters the clusters of 1 to 5 points, ascending ids
 * @param labelsWithoutClusters the labels (sorted) with no kept cluster: their values are undefined
 * @param pairs every pair of kept clusters of different labels, in (first, second) order, with its verdict
 * @param labelDistances n x n (sorted order): the mean hull distance over the two labels' cluster pairs, 0 on the
 *     diagonal, NaN where a label has no kept cluster
 * @param insideMean per label: the mean over its kept clusters of the mean pairwise distance of their points
 * @param insideMax per label: the largest pairwise distance of the points of one of its kept clusters
 */
public record TrackingResult(
        List<String> labels,
        int[] keptClusters,
        int[] leftOutClusters,
        List<String> labelsWithoutClusters,
        Map<ClusterPair, PairCertificate> pairs,
        double[][] labelDistances,
        double[] insideMean,
        double[] insideMax) {

    /** True when a pair's verdict is OVERLAP (the set is not linear in the partition). */
    public boolean overlapping() {
        return count(SeparationVerdict.OVERLAP) > 0;
    }

    /** The pairs that neither the certificates nor the LP could decide (not counted as overlaps). */
    public int undecided() {
        return count(SeparationVerdict.UNDECIDED);
    }

    /** True when every pair is proved separable. */
    public boolean linear() {
        return count(SeparationVerdict.SEPARABLE) == pairs.size();
    }

    /** How many pairs the given step decided. */
    public int decidedBy(PairCertificate.DecidedBy by) {
        return (int) pairs.values().stream().filter(c -> c.decidedBy() == by).count();
    }

    private int count(SeparationVerdict v) {
        return (int) pairs.values().stream().filter(c -> c.verdict() == v).count();
    }

    /** This step's supports per pair: the warm starts of the next step's {@link LabelTracking#track}. */
    public Map<ClusterPair, HullSupport> supports() {
        Map<ClusterPair, HullSupport> out = new LinkedHashMap<>();
        pairs.forEach((k, c) -> out.put(k, c.support()));
        return out;
    }

    /** The vectors under the given conventions. */
    public TrackingVectors vectors(TrackingConventions conventions) {
        int n = labels.size();
        boolean zeros = conventions == TrackingConventions.ORIGINAL;
        boolean allZero = zeros && overlapping();
        double[] vec = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                vec[k++] = value(labelDistances[i][j], zeros, allZero);
            }
        }
        double[] min = new double[n];
        double[] mean = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i && !Double.isNaN(labelDistances[i][j])) {
                    m = Math.min(m, labelDistances[i][j]);
                }
            }
            min[i] = value(m == Double.POSITIVE_INFINITY ? Double.NaN : m, zeros, allZero);
            mean[i] = value(insideMean[i], zeros, allZero);
            max[i] = value(insideMax[i], zeros, allZero);
        }
        return new TrackingVectors(conventions, labels, vec, min, mean, max);
    }

    private static double value(double v, boolean zeros, boolean allZero) {
        return allZero || (zeros && Double.isNaN(v)) ? 0 : v;
    }
}
