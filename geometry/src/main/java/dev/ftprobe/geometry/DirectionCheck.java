package dev.ftprobe.geometry;

/**
 * The centroid-direction test of {@link OverlapTester}: whether the hyperplane orthogonal to {@code w} (the centroid
 * difference), placed halfway between the projections, strictly separates a (positive side) from b. Every
 * implementation must give the same answer bit for bit; the choice is only one of speed.
 */
@FunctionalInterface
interface DirectionCheck {
    boolean separates(LabelledPoints points, ClusterShape a, ClusterShape b, double[] w);
}
