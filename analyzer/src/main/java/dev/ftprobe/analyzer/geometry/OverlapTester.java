package dev.ftprobe.analyzer.geometry;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether two clusters of different labels overlap (are not strictly linearly separable).
 * Cheap exact tests run first; the LP decides only what they cannot:
 * <ol>
 *   <li>two single points overlap exactly when they are the same point;</li>
 *   <li>bounding spheres that do not meet prove separability (with a small relative margin so that
 *       rounding cannot turn touching spheres into a false proof);</li>
 *   <li>the hyperplane orthogonal to the centroid difference, placed between the projections, is
 *       tried; if it strictly separates, that is a proof;</li>
 *   <li>otherwise the {@link SeparabilityLp}.</li>
 * </ol>
 * Thread-safe; counts which test decided, for the log.
 */
final class OverlapTester {
    private final LabelledPoints points;
    private final SeparabilityLp lp;
    final AtomicLong bySphere = new AtomicLong();
    final AtomicLong byCentroidDirection = new AtomicLong();
    final AtomicLong byLp = new AtomicLong();
    final AtomicLong byCache = new AtomicLong();
    final AtomicLong lpOverlaps = new AtomicLong();

    OverlapTester(LabelledPoints points, SeparabilityLp lp) {
        this.points = points;
        this.lp = lp;
    }

    /** Only the cheap tests: TRUE overlap, FALSE separable, null undecided. */
    Boolean cheapOverlap(ClusterShape a, ClusterShape b) {
        if (a.members().length == 1 && b.members().length == 1) {
            return points.samePoint(a.members()[0], b.members()[0]);
        }
        double gap = ClusterShape.distance(a.centroid(), b.centroid()) - a.radius() - b.radius();
        if (gap > 1e-9 * (1 + a.radius() + b.radius())) {
            bySphere.incrementAndGet();
            return Boolean.FALSE;
        }
        if (centroidDirectionSeparates(a, b)) {
            byCentroidDirection.incrementAndGet();
            return Boolean.FALSE;
        }
        return null;
    }

    private boolean centroidDirectionSeparates(ClusterShape a, ClusterShape b) {
        double[] w = new double[points.dimension()];
        for (int k = 0; k < w.length; k++) {
            w[k] = a.centroid()[k] - b.centroid()[k];
        }
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

    /** The full test: cheap tests, then the LP. */
    boolean overlaps(ClusterShape a, ClusterShape b) {
        Boolean cheap = cheapOverlap(a, b);
        if (cheap != null) {
            return cheap;
        }
        return lpOverlaps(a, b);
    }

    boolean lpOverlaps(ClusterShape a, ClusterShape b) {
        return lpSeparator(a, b).isEmpty();
    }

    /** The LP's separating hyperplane (positive on a), empty when the clusters overlap. */
    Optional<Hyperplane> lpSeparator(ClusterShape a, ClusterShape b) {
        byLp.incrementAndGet();
        Optional<Hyperplane> h = lp.solve(points, a.members(), b.members());
        if (h.isEmpty()) {
            lpOverlaps.incrementAndGet();
        }
        return h;
    }

    /** True when a cached hyperplane proves a and b separable. */
    boolean cachedSeparates(Hyperplane h, ClusterShape a, ClusterShape b) {
        boolean ok = h.strictlySeparatesEitherWay(points, a.members(), b.members());
        if (ok) {
            byCache.incrementAndGet();
        }
        return ok;
    }

    String counts() {
        return "sphere=" + bySphere.get() + " centroid-direction=" + byCentroidDirection.get()
                + " cached-hyperplane=" + byCache.get() + " lp=" + byLp.get() + " (overlapping " + lpOverlaps.get() + ")";
    }
}
