package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * The Euclidean distance between the convex hulls of two point sets A and B, exactly: the norm of the minimum-norm
 * point of their difference body conv(A) - conv(B), found with Wolfe's algorithm (P. Wolfe, "Finding the nearest point
 * in a polytope", Math. Programming 11, 1976).
 *
 * <p>The difference body has |A| x |B| vertices but is never built: its linear minimisation oracle is {@code argmin_a
 * x.a - argmax_b x.b}, two passes of dot products ({@link DotKernel}, eight points side by side). Wolfe's algorithm
 * keeps a "corral" of at most d + 1 affinely independent vertices and the nearest point in their hull; it adds the
 * oracle's vertex while that improves on the current point, and drops vertices whose weight reaches zero. It ends after
 * finitely many steps, in practice a few per support vector, so near-touching hulls, where LIBSVM's C-SVC with C = 1e6
 * reaches its cap of 10 million iterations (5 to 8 s per pair on real step-0 POS clusters, see BENCHMARKS.md) cost no
 * more than any other pair.
 *
 * <p>The corral's affine minimiser comes from a Cholesky factor updated as vertices enter and leave ({@link Corral},
 * {@link CorralFactor}): O(k^2) per minor cycle instead of the O(k^3) dense solve, with that solve kept as the fallback
 * where the factor's answer fails its check, where a vertex enters that the factor finds affinely dependent on the
 * corral, and where the oracle returns a vertex of the corral although the point misses the optimality test; then the
 * corral goes back to the factor when the next vertex leaves. Where the factor serves, the answer is certified all the
 * same: the algorithm ends on the optimality test of a point that is a convex combination of the vertices.
 *
 * <p>The oracle skips the dot products of points that provably cannot be its answer ({@link ScreenedArgmin}), with the
 * same answer as the full pass.
 *
 * <p>A solve can start from a given support (a warm start: the support of the same pair at the previous checkpoint, or
 * of a merged cluster's parts): those of its vertices that are in A - B and affinely independent form the first corral.
 * The optimum is unique, so a warm start ends at the same distance, only sooner.
 *
 * <p>Deterministic: ties in the oracle go to the lowest index; every sum is in a fixed order.
 */
final class MinNormPoint {
    /** Relative tolerance of the optimality test {@code |x|^2 - x.q <= EPS * max |s|^2}. */
    private static final double EPS = 1e-12;

    private final int d;
    private final int[] aIdx;
    private final int[] bIdx;
    private final double[] a;
    private final double[] b;
    private final int na;
    private final int nb;
    private final int maxIterations;
    private final double residualTolerance;
    private final double[] x;
    private final double[] v;
    private final ScreenedArgmin minA;
    private final ScreenedArgmin maxB;
    private Corral corral;

    private MinNormPoint(LabelledPoints points, int[] aIdx, int[] bIdx, double residualTolerance, boolean screen) {
        d = points.dimension();
        this.aIdx = aIdx;
        this.bIdx = bIdx;
        na = aIdx.length;
        nb = bIdx.length;
        // centred on the pair's mean: the distance is unchanged and the Gram values stay small
        double[] mean = points.meanOf(aIdx, bIdx);
        a = centred(points, aIdx, mean);
        b = centred(points, bIdx, mean);
        maxIterations = 100 * (d + 1) + 10 * (na + nb);
        this.residualTolerance = residualTolerance;
        minA = new ScreenedArgmin(a, na, d, 1, screen);
        maxB = new ScreenedArgmin(b, nb, d, -1, screen);
        x = new double[d];
        v = new double[d];
    }

    /**
     * Vertices of the difference body as pairs of point indices (into the LabelledPoints, members of A and of B) with
     * their weights in the nearest point: {@code sum w_i (p[a_i] - p[b_i])}.
     */
    record Support(int[] a, int[] b, double[] weights) {
        Support {
            if (a.length != b.length || a.length != weights.length) {
                throw new IllegalArgumentException(
                        "support of " + a.length + ", " + b.length + " and " + weights.length + " entries");
            }
        }

        int size() {
            return a.length;
        }
    }

    /**
     * The outcome: the distance, whether the algorithm met its optimality test (else: an upper bound), its major
     * iterations, the support of the nearest point, how often the corral's factor needed a rebuild or the dense solve,
     * and how many dot products the oracle's screening saved.
     */
    record Result(double distance, boolean converged, int iterations, Support support, int fallbacks, long screened) {}

    /** The distance between conv(points[a]) and conv(points[b]); both sets non-empty. */
    static Result distance(LabelledPoints points, int[] a, int[] b) {
        return distance(points, a, b, null);
    }

    /**
     * The same from the vertices of {@code start} (null: a cold start) that join a point of {@code a} to one of
     * {@code b}; its weights are not needed.
     */
    static Result distance(LabelledPoints points, int[] a, int[] b, Support start) {
        return distance(points, a, b, start, Corral.RESIDUAL, true);
    }

    /**
     * With the tolerance of the check of the factor's answers (a negative one forces the fallbacks) and the oracle's
     * screening on or off: for tests.
     */
    static Result distance(
            LabelledPoints points, int[] a, int[] b, Support start, double residualTolerance, boolean screen) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both sets need points, got " + a.length + " and " + b.length);
        }
        return new MinNormPoint(points, a, b, residualTolerance, screen).solve(start);
    }

    private static double[] centred(LabelledPoints points, int[] idx, double[] mean) {
        int d = mean.length;
        double[] out = new double[idx.length * d];
        for (int j = 0; j < idx.length; j++) {
            for (int k = 0; k < d; k++) {
                out[j * d + k] = points.get(idx[j], k) - mean[k];
            }
        }
        return out;
    }

    private Result solve(Support start) {
        double scale = start(start);
        int it = 0;
        while (true) {
            corral.point(x);
            double xx = norm2(x);
            if (xx <= EPS * scale) {
                return result(0, true, it); // the origin is in the difference body: the hulls meet
            }
            int qa = minA.argmin(x);
            int qb = maxB.argmin(x);
            vertex(qa, qb, v);
            scale = Math.max(scale, norm2(v));
            boolean optimal = xx - DotKernel.dot(v, 0, x, d) <= EPS * scale;
            boolean known = !optimal && corral.contains(qa, qb);
            if (optimal || (known && !corral.useDenseSolve())) {
                return result(Math.sqrt(xx), true, it); // a vertex of the corral after the dense solve: as before
            }
            if (++it > maxIterations) {
                return result(Math.sqrt(xx), false, it);
            }
            if (!known) {
                corral.add(qa, qb, v);
            }
            minorCycles();
        }
    }

    /** The first corral, with weights summing to 1; returns the largest squared norm of its vertices. */
    private double start(Support start) {
        int[][] pairs = start == null ? new int[0][] : positions(start);
        double lift = 0;
        for (int[] p : pairs) {
            vertex(p[0], p[1], v);
            lift = Math.max(lift, norm2(v));
        }
        if (pairs.length == 0) {
            vertex(0, 0, v);
            lift = norm2(v);
            pairs = new int[][] {{0, 0}};
        }
        corral = new Corral(d, lift > 0 ? lift : 1, residualTolerance);
        for (int[] p : pairs) {
            if (!corral.contains(p[0], p[1])) {
                vertex(p[0], p[1], v);
                corral.addIfIndependent(p[0], p[1], v); // a dependent one stays out
            }
        }
        int k = corral.size();
        for (int i = 0; i < k; i++) {
            corral.setWeight(i, 1.0 / k);
        }
        if (k > 1) {
            minorCycles();
        }
        return lift;
    }

    /** The start's pairs as positions in a and b, in its order; pairs with a point outside them are left out. */
    private int[][] positions(Support start) {
        long[] byA = sortedPositions(aIdx);
        long[] byB = sortedPositions(bIdx);
        int[][] out = new int[start.size()][];
        int n = 0;
        for (int i = 0; i < start.size(); i++) {
            int pa = find(byA, start.a()[i]);
            int pb = find(byB, start.b()[i]);
            if (pa >= 0 && pb >= 0) {
                out[n++] = new int[] {pa, pb};
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] sortedPositions(int[] idx) {
        long[] keys = new long[idx.length];
        for (int p = 0; p < idx.length; p++) {
            keys[p] = ((long) idx[p] << 32) | p;
        }
        Arrays.sort(keys);
        return keys;
    }

    /** The lowest position holding point {@code index}, or -1. */
    private static int find(long[] keys, int index) {
        int at = Arrays.binarySearch(keys, (long) index << 32);
        int i = at >= 0 ? at : -at - 1;
        return i < keys.length && (keys[i] >>> 32) == index ? (int) keys[i] : -1;
    }

    /** Wolfe's minor cycles: moves to the affine minimiser of the corral, dropping vertices until it lies inside. */
    private void minorCycles() {
        while (true) {
            double[] u = corral.affineMinimiser();
            int k = corral.size();
            boolean inside = true;
            for (int i = 0; i < k; i++) {
                if (!(u[i] > 0)) {
                    inside = false;
                    break;
                }
            }
            if (inside) {
                for (int i = 0; i < k; i++) {
                    corral.setWeight(i, u[i]);
                }
                return;
            }
            // step from the current weights towards u until the first weight reaches zero
            double theta = 1;
            for (int i = 0; i < k; i++) {
                double w = corral.weight(i);
                if (u[i] <= 0 && w - u[i] > 0) {
                    theta = Math.min(theta, w / (w - u[i]));
                }
            }
            for (int i = 0; i < k; i++) {
                corral.setWeight(i, theta * u[i] + (1 - theta) * corral.weight(i));
            }
            dropZeroWeights();
        }
    }

    private void dropZeroWeights() {
        // the weight that defined theta is zero up to rounding: drop it and any other at or below zero
        int k = corral.size();
        int minAt = -1;
        for (int i = 0; i < k; i++) {
            if (minAt < 0 || corral.weight(i) < corral.weight(minAt)) {
                minAt = i;
            }
        }
        for (int i = k - 1; i >= 0; i--) {
            if (i == minAt || corral.weight(i) <= 0) {
                corral.remove(i);
            }
        }
        k = corral.size();
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += corral.weight(i);
        }
        for (int i = 0; i < k; i++) {
            corral.setWeight(i, corral.weight(i) / sum);
        }
    }

    private void vertex(int i, int j, double[] out) {
        for (int k = 0; k < d; k++) {
            out[k] = a[i * d + k] - b[j * d + k];
        }
    }

    private Result result(double distance, boolean converged, int iterations) {
        int k = corral.size();
        int[] sa = new int[k];
        int[] sb = new int[k];
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            sa[i] = aIdx[corral.a(i)];
            sb[i] = bIdx[corral.b(i)];
            w[i] = corral.weight(i);
        }
        return new Result(
                distance,
                converged,
                iterations,
                new Support(sa, sb, w),
                corral.fallbacks(),
                minA.skipped() + maxB.skipped());
    }

    private double norm2(double[] u) {
        return DotKernel.dot(u, 0, u, d);
    }
}
