package dev.ftprobe.geometry;

/**
 * The centroid-direction test at about a sixth of the plain test's cost (one dot product at a time, then a second pass
 * over all points to verify the plane): the dot products are batched ({@link LabelledPoints#dots}, identical values),
 * and the plane is not re-evaluated on every point. That re-evaluation checks {@code dot_i + b > 0} for all i of a and
 * {@code < 0} for all of b; rounded addition is monotone, so this holds for all i exactly when it holds for {@code min
 * dot + b} and {@code max dot + b}. A test compares it with the plain one.
 */
final class BatchedDirectionCheck implements DirectionCheck {
    @Override
    public boolean separates(LabelledPoints points, ClusterShape a, ClusterShape b, double[] w) {
        int[] am = a.members();
        double[] v = new double[Math.max(8, am.length)];
        points.dots(am, 0, am.length, w, v, 0);
        double minA = Double.POSITIVE_INFINITY;
        for (int i = 0; i < am.length; i++) {
            minA = Math.min(minA, v[i]);
        }
        int[] bm = b.members();
        double maxB = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bm.length; i += 8) {
            int to = Math.min(i + 8, bm.length);
            points.dots(bm, i, to, w, v, 0);
            for (int j = 0; j < to - i; j++) {
                maxB = Math.max(maxB, v[j]);
            }
            if (maxB >= minA) {
                return false; // the plain path stops at the same point or a few points earlier: same answer
            }
        }
        double offset = -(minA + maxB) / 2;
        return minA + offset > 0 && maxB + offset < 0;
    }
}
