package dev.ftprobe.geometry;

/**
 * The distances between the points of one cluster, as the original's {@code torch.nn.functional.pdist}: their mean and
 * maximum over all pairs i &lt; j. O(n^2 d): a cluster of 4,000 points in 768 dimensions is about 6e9 flops.
 */
final class InsideDistances {
    private InsideDistances() {}

    /** {mean, max} over the pairs of {@code members}; {NaN, NaN} for fewer than two points. */
    static double[] meanAndMax(LabelledPoints points, int[] members) {
        if (members.length < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double sum = 0;
        double max = 0;
        for (int x = 0; x < members.length; x++) {
            double[] p = points.point(members[x]);
            for (int y = x + 1; y < members.length; y++) {
                double dist = Math.sqrt(points.squaredDistance(members[y], p));
                sum += dist;
                max = Math.max(max, dist);
            }
        }
        long pairs = (long) members.length * (members.length - 1) / 2;
        return new double[] {sum / pairs, max};
    }
}
