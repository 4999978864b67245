package dev.ftprobe.geometry;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether two clusters of different labels overlap (are not strictly linearly separable). Cheap exact tests run
 * first; the LP decides only what they cannot:
 *
 * <ol>
 *   <li>two single points overlap exactly when they are the same point;
 *   <li>clusters that hold identical points (of their two labels) overlap ({@link ClusterShape#sharesAPointWith}); on
 *       the embedding layer, where a word at the same position always has the same vector, most overlaps are of this
 *       kind;
 *   <li>bounding spheres that do not meet prove separability (with a small relative margin so that rounding cannot turn
 *       touching spheres into a false proof);
 *   <li>the hyperplane orthogonal to the centroid difference, placed between the projections, is tried
 *       ({@link DirectionCheck}); if it strictly separates, that is a proof;
 *   <li>otherwise one nearest-point solve ({@link PairCertifier}): a verified separating hyperplane or verified convex
 *       weights meeting in one point decide, and only where neither holds the {@link SeparabilityLp}; a pair the LP
 *       cannot decide either is UNDECIDED ({@link #certify}).
 * </ol>
 *
 * Thread-safe; counts which test decided, for the log.
 */
final class OverlapTester {
    private final LabelledPoints points;
    private final SeparabilityLp lp;
    final AtomicLong bySharedPoint = new AtomicLong();
    final AtomicLong bySphere = new AtomicLong();
    final AtomicLong byCentroidDirection = new AtomicLong();
    final AtomicLong byLp = new AtomicLong();
    final AtomicLong byCache = new AtomicLong();
    final AtomicLong byRelaxation = new AtomicLong();
    final AtomicLong lpOverlaps = new AtomicLong();
    final AtomicLong lpCancelled = new AtomicLong();
    final AtomicLong byCertificate = new AtomicLong();
    final AtomicLong lpUndecided = new AtomicLong();
    private final DirectionCheck directionCheck;
    private final PairCertifier certifier;

    OverlapTester(LabelledPoints points, SeparabilityLp lp) {
        this(points, lp, new BatchedDirectionCheck());
    }

    OverlapTester(LabelledPoints points, SeparabilityLp lp, DirectionCheck directionCheck) {
        this.points = points;
        this.lp = lp;
        this.directionCheck = directionCheck;
        this.certifier = PairCertifier.with(lp, PairCertifier.SEPARATION_MARGIN, PairCertifier.OVERLAP_TOLERANCE);
    }

    /**
     * Only the tests that cost no dot products: two single points, and identical points held by both clusters. TRUE
     * overlap, null undecided.
     */
    Boolean trivialOverlap(ClusterShape a, ClusterShape b) {
        if (a.members().length == 1 && b.members().length == 1) {
            return points.samePoint(a.members()[0], b.members()[0]);
        }
        if (a.sharesAPointWith(b)) {
            bySharedPoint.incrementAndGet();
            return Boolean.TRUE;
        }
        return null;
    }

    /** Only the cheap tests: TRUE overlap, FALSE separable, null undecided. */
    Boolean cheapOverlap(ClusterShape a, ClusterShape b) {
        Boolean trivial = trivialOverlap(a, b);
        if (trivial != null) {
            return trivial;
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
        return directionCheck.separates(points, a, b, w);
    }

    /** The LP's separating hyperplane (positive on a), empty when the clusters overlap. */
    Optional<Hyperplane> lpSeparator(ClusterShape a, ClusterShape b) {
        return lpSeparator(a, b, new LpCancellation());
    }

    /** Like {@link #lpSeparator(ClusterShape, ClusterShape)}; meaningless once {@code cancel} is cancelled. */
    Optional<Hyperplane> lpSeparator(ClusterShape a, ClusterShape b, LpCancellation cancel) {
        Optional<Hyperplane> h = lp.solve(points, a.members(), b.members(), cancel);
        if (cancel.isCancelled()) {
            lpCancelled.incrementAndGet();
            return h;
        }
        byLp.incrementAndGet();
        if (h.isEmpty()) {
            lpOverlaps.incrementAndGet();
        }
        return h;
    }

    /**
     * The certificate of a and b from one nearest-point solve started from {@code start} (null: cold), the LP asked
     * only where it proves nothing; null when {@code cancel} was cancelled before the LP (the answer is not needed).
     * Its verdict is UNDECIDED where the LP cannot tell either: callers treat that as an overlap but count it.
     */
    PairCertificate certify(ClusterShape a, ClusterShape b, HullSupport start, LpCancellation cancel) {
        PairCertificate c = certifier.certify(points, a.members(), b.members(), start, cancel);
        if (c == null) {
            lpCancelled.incrementAndGet();
            return null;
        }
        if (c.decidedBy() == PairCertificate.DecidedBy.CERTIFICATE) {
            byCertificate.incrementAndGet();
        } else {
            byLp.incrementAndGet();
            if (c.verdict() == SeparationVerdict.OVERLAP) {
                lpOverlaps.incrementAndGet();
            } else if (c.verdict() == SeparationVerdict.UNDECIDED) {
                lpUndecided.incrementAndGet();
            }
        }
        return c;
    }

    /**
     * A hyperplane from the relaxation method, verified, or null; starts from {@code start} or the centroid direction.
     */
    Hyperplane relaxed(ClusterShape a, ClusterShape b, Hyperplane start) {
        double[] w;
        if (start != null) {
            w = start.w();
        } else {
            w = new double[points.dimension()];
            for (int k = 0; k < w.length; k++) {
                w[k] = a.centroid()[k] - b.centroid()[k];
            }
        }
        Hyperplane h = Relaxation.separate(points, a.members(), b.members(), w);
        if (h != null) {
            byRelaxation.incrementAndGet();
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
        return "shared-point=" + bySharedPoint.get() + " sphere=" + bySphere.get() + " centroid-direction="
                + byCentroidDirection.get()
                + " cached-hyperplane=" + byCache.get() + " relaxation=" + byRelaxation.get() + " certificate="
                + byCertificate.get() + " lp=" + byLp.get()
                + " (overlapping " + lpOverlaps.get() + ", undecided " + lpUndecided.get() + ", cancelled "
                + lpCancelled.get() + ")"
                + (lp.counts().isEmpty() ? "" : " " + lp.counts());
    }
}
