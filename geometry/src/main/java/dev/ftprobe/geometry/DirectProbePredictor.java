package dev.ftprobe.geometry;

/**
 * DirectProbe as a classifier (METHOD.md §6): a point takes the label of the nearest cluster, by the distance from the
 * point to the cluster's convex hull (0 inside). The distance is {@link HullDistance#pointToHull}, the given hull
 * distance between the point and the cluster, 0 when the point is not separable from the cluster. One distance per
 * cluster and point, so it costs clusters x test points of them. Ties go to the lower cluster number.
 */
public final class DirectProbePredictor {
    private final LabelledPoints train;
    private final int[][] members;
    private final int[] clusterLabel;
    private final HullDistance.PointDistances distances;

    public DirectProbePredictor(LabelledPoints train, DirectProbeClusters clusters, HullDistance hull) {
        this.train = train;
        this.members = clusters.members();
        this.clusterLabel = clusters.clusterLabel();
        this.distances = hull.pointDistances(train);
    }

    /** The predicted label id (of {@code train}'s label names) for a point of the same dimension. */
    public int predict(double[] point) {
        if (point.length != train.dimension()) {
            throw new IllegalArgumentException("point has " + point.length + " values, expected " + train.dimension());
        }
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int c = 0; c < members.length; c++) {
            double d = distances.toHull(point, members[c]);
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return clusterLabel[best];
    }
}
