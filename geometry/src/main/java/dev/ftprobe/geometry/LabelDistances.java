package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Label distances from a DirectProbe partition (METHOD.md §4): the hull distance of every pair of clusters of different
 * labels, clusters of at most 5 points left out; the distance of two labels is the mean over their cluster pairs.
 * Labels are in the points' label id order.
 *
 * <p>With {@link HullDistance#exact()}, a pair whose converged solve DirectProbe kept
 * ({@link DirectProbeClusters#certified}) takes that solve's distance, the same computation, instead of solving again.
 */
public final class LabelDistances {
    /** Clusters with at most this many points are left out. */
    public static final int MIN_CLUSTER_SIZE_EXCLUSIVE = 5;

    private final List<String> labels;
    private final double[][] matrix;

    private LabelDistances(List<String> labels, double[][] matrix) {
        this.labels = labels;
        this.matrix = matrix;
    }

    public static LabelDistances compute(LabelledPoints points, DirectProbeClusters clusters, HullDistance hull) {
        List<String> names = points.labelNames();
        int n = names.size();
        double[][] sum = new double[n][n];
        int[][] count = new int[n][n];
        int[][] members = clusters.members();
        for (int x = 0; x < members.length; x++) {
            if (members[x].length <= MIN_CLUSTER_SIZE_EXCLUSIVE) {
                continue;
            }
            for (int y = x + 1; y < members.length; y++) {
                int lx = clusters.clusterLabel()[x];
                int ly = clusters.clusterLabel()[y];
                if (lx == ly || members[y].length <= MIN_CLUSTER_SIZE_EXCLUSIVE) {
                    continue;
                }
                double dist = distance(points, clusters, hull, members[x], members[y]);
                sum[lx][ly] += dist;
                sum[ly][lx] += dist;
                count[lx][ly]++;
                count[ly][lx]++;
            }
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = i == j ? 0 : count[i][j] == 0 ? Double.NaN : sum[i][j] / count[i][j];
            }
        }
        return new LabelDistances(List.copyOf(names), m);
    }

    private static double distance(
            LabelledPoints points, DirectProbeClusters clusters, HullDistance hull, int[] x, int[] y) {
        if (hull.isExact() && clusters.certified() != null) {
            CertifiedPairs.Solve s = clusters.certified().get(x, y);
            if (s != null) {
                return s.distance();
            }
        }
        return hull.between(points, x, y);
    }

    /** Label names in label id order: the rows and columns. */
    public List<String> labels() {
        return labels;
    }

    /**
     * Distance between labels i and j (label id order); empty when one of them has no cluster of more than 5 points.
     */
    public OptionalDouble distance(int i, int j) {
        double v = matrix[i][j];
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The matrix, with NaN where {@link #distance} is empty. */
    public double[][] matrix() {
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
        }
        return out;
    }

    /** The upper triangle in label id order, n(n-1)/2 entries (NaN where undefined). */
    public double[] vector() {
        int n = matrix.length;
        double[] v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                v[k++] = matrix[i][j];
            }
        }
        return v;
    }

    /** Each label's smallest distance to any other label (label id order); empty when it has none. */
    public List<OptionalDouble> minimumDistances() {
        List<OptionalDouble> out = new ArrayList<>();
        for (int i = 0; i < matrix.length; i++) {
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < matrix.length; j++) {
                if (i != j && !Double.isNaN(matrix[i][j])) {
                    min = Math.min(min, matrix[i][j]);
                }
            }
            out.add(min == Double.POSITIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(min));
        }
        return out;
    }
}
