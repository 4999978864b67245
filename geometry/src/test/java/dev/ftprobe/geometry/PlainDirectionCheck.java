package dev.ftprobe.geometry;

/**
 * The original centroid-direction test, one dot product at a time and then a second pass over all points to verify the
 * plane: the reference for {@link BatchedCheapTestsTest}.
 */
final class PlainDirectionCheck implements DirectionCheck {
    @Override
    public boolean separates(LabelledPoints points, ClusterShape a, ClusterShape b, double[] w) {
        double minA = Double.POSITIVE_INFINITY;
        for (int i : a.members()) {
            minA = Math.min(minA, points.dot(i, w));
        }
        double maxB = Double.NEGATIVE_INFINITY;
        for (int i : b.members()) {
            maxB = Math.max(maxB, points.dot(i, w));
            if (maxB >= minA) {
                return false;
            }
        }
        Hyperplane h = new Hyperplane(w, -(minA + maxB) / 2);
        return h.strictlySeparates(points, a.members(), b.members());
    }
}
