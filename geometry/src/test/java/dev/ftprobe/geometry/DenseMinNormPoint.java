package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link MinNormPoint} as it was before the incremental corral factor (a verbatim copy, renamed): the reference of the
 * equivalence tests and of {@link MinNormPointBenchmark}.
 *
 * <p>The Euclidean distance between the convex hulls of two point sets A and B, exactly: the norm of the minimum-norm
 * point of their difference body conv(A) - conv(B), found with Wolfe's algorithm (P. Wolfe, "Finding the nearest point
 * in a polytope", Math. Programming 11, 1976).
 *
 * <p>The difference body has |A| x |B| vertices but is never built: its linear minimisation oracle is {@code argmin_a
 * x.a - argmax_b x.b}, two passes of dot products. Wolfe's algorithm keeps a "corral" of at most d + 1 affinely
 * independent vertices and the nearest point in their hull; it adds the oracle's vertex while that improves on the
 * current point, and drops vertices whose weight reaches zero. It ends after finitely many steps, in practice a few per
 * support vector, so near-touching hulls, where LIBSVM's C-SVC with C = 1e6 reaches its cap of 10 million iterations (5
 * to 8 s per pair on real step-0 POS clusters, see BENCHMARKS.md) cost no more than any other pair.
 *
 * <p>Deterministic: ties in the oracle go to the lowest index; every sum is in a fixed order.
 */
final class DenseMinNormPoint {
    /** Relative tolerance of the optimality test {@code |x|^2 - x.q <= EPS * max |s|^2}. */
    private static final double EPS = 1e-12;

    private final int d;
    private final double[] a;
    private final double[] b;
    private final int na;
    private final int nb;
    private final int maxIterations;

    // the corral: vertex i is a[ia[i]] - b[ib[i]], with its vector, weight and Gram row
    private final List<double[]> s = new ArrayList<>();
    private final List<Integer> ia = new ArrayList<>();
    private final List<Integer> ib = new ArrayList<>();
    private double[] weights = new double[0];
    private double[][] gram = new double[0][0];

    private DenseMinNormPoint(LabelledPoints points, int[] aIdx, int[] bIdx) {
        d = points.dimension();
        na = aIdx.length;
        nb = bIdx.length;
        // centred on the pair's mean: the distance is unchanged and the Gram values stay small
        double[] mean = points.meanOf(aIdx, bIdx);
        a = centred(points, aIdx, mean);
        b = centred(points, bIdx, mean);
        maxIterations = 100 * (d + 1) + 10 * (na + nb);
    }

    /** The outcome: the distance, and whether the algorithm met its optimality test (else: an upper bound). */
    record Result(double distance, boolean converged, int iterations) {}

    /** The distance between conv(points[a]) and conv(points[b]); both sets non-empty. */
    static Result distance(LabelledPoints points, int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both sets need points, got " + a.length + " and " + b.length);
        }
        return new DenseMinNormPoint(points, a, b).solve();
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

    private Result solve() {
        double[] x = vertex(0, 0);
        add(0, 0, x);
        weights = new double[] {1};
        double scale = norm2(x); // the largest squared vertex norm seen, for the relative tests
        int it = 0;
        while (true) {
            double xx = norm2(x);
            if (xx <= EPS * scale) {
                return new Result(0, true, it); // the origin is in the difference body: the hulls meet
            }
            int[] q = oracle(x);
            double[] v = vertex(q[0], q[1]);
            scale = Math.max(scale, norm2(v));
            if (xx - DotKernel.dot(v, 0, x, d) <= EPS * scale || inCorral(q[0], q[1])) {
                return new Result(Math.sqrt(xx), true, it);
            }
            if (++it > maxIterations) {
                return new Result(Math.sqrt(xx), false, it);
            }
            add(q[0], q[1], v);
            weights = Arrays.copyOf(weights, weights.length + 1);
            x = minorCycles();
        }
    }

    /** Wolfe's minor cycles: moves to the affine minimiser of the corral, dropping vertices until it lies inside. */
    private double[] minorCycles() {
        while (true) {
            double[] v = affineMinimiser();
            boolean inside = true;
            for (double vi : v) {
                if (!(vi > 0)) {
                    inside = false;
                    break;
                }
            }
            if (inside) {
                weights = v;
                return point(weights);
            }
            // step from the current weights towards v until the first weight reaches zero
            double theta = 1;
            for (int i = 0; i < v.length; i++) {
                if (v[i] <= 0 && weights[i] - v[i] > 0) {
                    theta = Math.min(theta, weights[i] / (weights[i] - v[i]));
                }
            }
            double[] w = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                w[i] = theta * v[i] + (1 - theta) * weights[i];
            }
            weights = w;
            dropZeroWeights(theta);
        }
    }

    /** The weights (summing to 1) of the point of least norm in the affine hull of the corral. */
    private double[] affineMinimiser() {
        int k = s.size();
        // [G 1; 1' 0] [v; mu] = [0; 1], with a ridge far below any value that matters so that a
        // nearly dependent corral cannot make the system singular
        double[][] m = new double[k + 1][k + 2];
        double maxDiag = 0;
        for (int i = 0; i < k; i++) {
            maxDiag = Math.max(maxDiag, gram[i][i]);
        }
        for (int i = 0; i < k; i++) {
            System.arraycopy(gram[i], 0, m[i], 0, k);
            m[i][i] += 1e-14 * maxDiag;
            m[i][k] = 1;
            m[k][i] = 1;
        }
        m[k][k + 1] = 1;
        double[] sol = Gauss.solve(m, k + 1);
        return Arrays.copyOf(sol, k);
    }

    private void dropZeroWeights(double theta) {
        // the weight that defined theta is zero up to rounding: drop it and any other at or below zero
        int minAt = -1;
        for (int i = 0; i < weights.length; i++) {
            if (minAt < 0 || weights[i] < weights[minAt]) {
                minAt = i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (i == minAt || weights[i] <= 0) {
                remove(i);
            }
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
    }

    private int[] oracle(double[] x) {
        int bestA = 0;
        double minA = Double.POSITIVE_INFINITY;
        for (int i = 0; i < na; i++) {
            double v = DotKernel.dot(a, i * d, x, d);
            if (v < minA) {
                minA = v;
                bestA = i;
            }
        }
        int bestB = 0;
        double maxB = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < nb; j++) {
            double v = DotKernel.dot(b, j * d, x, d);
            if (v > maxB) {
                maxB = v;
                bestB = j;
            }
        }
        return new int[] {bestA, bestB};
    }

    private boolean inCorral(int i, int j) {
        for (int c = 0; c < ia.size(); c++) {
            if (ia.get(c) == i && ib.get(c) == j) {
                return true;
            }
        }
        return false;
    }

    private double[] vertex(int i, int j) {
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            v[k] = a[i * d + k] - b[j * d + k];
        }
        return v;
    }

    private void add(int i, int j, double[] v) {
        int k = s.size();
        double[][] g = new double[k + 1][k + 1];
        for (int r = 0; r < k; r++) {
            System.arraycopy(gram[r], 0, g[r], 0, k);
            double dot = DotKernel.dot(s.get(r), 0, v, d);
            g[r][k] = dot;
            g[k][r] = dot;
        }
        g[k][k] = norm2(v);
        gram = g;
        s.add(v);
        ia.add(i);
        ib.add(j);
    }

    private void remove(int r) {
        int k = s.size();
        double[][] g = new double[k - 1][k - 1];
        for (int i = 0, gi = 0; i < k; i++) {
            if (i == r) {
                continue;
            }
            for (int j = 0, gj = 0; j < k; j++) {
                if (j != r) {
                    g[gi][gj++] = gram[i][j];
                }
            }
            gi++;
        }
        gram = g;
        s.remove(r);
        ia.remove(r);
        ib.remove(r);
        double[] w = new double[k - 1];
        for (int i = 0, wi = 0; i < k; i++) {
            if (i != r) {
                w[wi++] = weights[i];
            }
        }
        weights = w;
    }

    private double[] point(double[] w) {
        double[] x = new double[d];
        for (int i = 0; i < w.length; i++) {
            double[] v = s.get(i);
            for (int k = 0; k < d; k++) {
                x[k] += w[i] * v[k];
            }
        }
        return x;
    }

    private double norm2(double[] v) {
        return DotKernel.dot(v, 0, v, d);
    }

    /** Gaussian elimination with partial pivoting on an augmented n x (n + 1) matrix. */
    static final class Gauss {
        private Gauss() {}

        static double[] solve(double[][] m, int n) {
            for (int c = 0; c < n; c++) {
                int p = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                        p = r;
                    }
                }
                double[] t = m[c];
                m[c] = m[p];
                m[p] = t;
                double piv = m[c][c];
                if (piv == 0) {
                    continue; // a singular column: its unknown stays 0
                }
                for (int r = c + 1; r < n; r++) {
                    double f = m[r][c] / piv;
                    if (f != 0) {
                        for (int j = c; j <= n; j++) {
                            m[r][j] -= f * m[c][j];
                        }
                    }
                }
            }
            double[] x = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double sum = m[r][n];
                for (int j = r + 1; j < n; j++) {
                    sum -= m[r][j] * x[j];
                }
                x[r] = m[r][r] == 0 ? 0 : sum / m[r][r];
            }
            return x;
        }
    }
}
