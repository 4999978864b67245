package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * The corral of {@link MinNormPoint}: its vertices {@code a[ia[i]] - b[ib[i]]} (flat rows of d values), their weights,
 * their Gram matrix and the {@link CorralFactor} of its system, all in flat arrays that grow by doubling, so that an
 * iteration allocates nothing.
 *
 * <p>The affine minimiser comes from the factor (two triangular solves) and is checked against the Gram matrix: the
 * point it gives must have the same dot product with every vertex. If it does not, the factor has degraded: it is
 * rebuilt from the Gram matrix, and if that does not help either, the minimiser comes from the dense solve of the
 * bordered Gram system that MinNormPoint used before the factor (Gaussian elimination with a tiny ridge, O(k^3)), until
 * a rebuild succeeds after a vertex leaves. The same happens when a vertex enters that the factor finds dependent on
 * the corral, and when MinNormPoint asks for it ({@link #useDenseSolve}).
 */
final class Corral {
    /** The residual of the affine minimiser's optimality conditions, relative to the largest diagonal. */
    static final double RESIDUAL = 1e-9;

    private final int d;
    private final double residualTolerance;
    private final CorralFactor factor;
    private int cap;
    private int k;
    private int[] ia;
    private int[] ib;
    private double[] s;
    private double[] gram;
    private double[] weights;
    private double[] solution;
    private double[] row;
    private double[] column;
    private final int[] offsets = new int[8];
    private boolean factorValid = true;
    private int fallbacks;

    Corral(int d, double lift, double residualTolerance) {
        this.d = d;
        this.residualTolerance = residualTolerance;
        this.cap = 16;
        this.factor = new CorralFactor(lift, cap);
        ia = new int[cap];
        ib = new int[cap];
        s = new double[cap * d];
        gram = new double[cap * cap];
        weights = new double[cap];
        solution = new double[cap];
        row = new double[cap];
        column = new double[cap];
    }

    int size() {
        return k;
    }

    int a(int i) {
        return ia[i];
    }

    int b(int i) {
        return ib[i];
    }

    double weight(int i) {
        return weights[i];
    }

    void setWeight(int i, double w) {
        weights[i] = w;
    }

    /** How often the factor's minimiser failed its check and the dense solve or a rebuild stood in. */
    int fallbacks() {
        return fallbacks;
    }

    boolean contains(int i, int j) {
        for (int c = 0; c < k; c++) {
            if (ia[c] == i && ib[c] == j) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the vertex {@code v} (= a[i] - b[j]) with weight 0. One that the factor finds affinely dependent on the
     * corral (also after a rebuild) enters all the same, and the dense solve takes over until a vertex leaves: stopping
     * there would cost up to a relative 1e-7 of the distance where the nearest point is still moving towards it
     * (MinNormPointTest), and the dense solve resolves it as before the factor.
     */
    void add(int i, int j, double[] v) {
        double vv = gramRow(v);
        if (factorValid && !factor.add(row, vv)) {
            // dependent on the corral, or the factor has drifted: only a fresh factor can tell
            factorValid = rebuild() && factor.add(row, vv);
        }
        append(i, j, v, vv);
    }

    /** Adds the vertex {@code v} if the factor finds it affinely independent of the corral (for starts). */
    boolean addIfIndependent(int i, int j, double[] v) {
        double vv = gramRow(v);
        if (!factorValid || !factor.add(row, vv)) {
            return false;
        }
        append(i, j, v, vv);
        return true;
    }

    /**
     * From now until a vertex leaves, the dense solve; false if it was in use already. For a vertex of the corral that
     * the oracle returns although the point misses the optimality test: the factor's minimiser was not accurate enough.
     */
    boolean useDenseSolve() {
        boolean was = factorValid;
        factorValid = false;
        return was;
    }

    /** The dot products of {@code v} with the corral's vertices into {@code row}; returns |v|^2. */
    private double gramRow(double[] v) {
        if (k == cap) {
            grow();
        }
        int full = k - k % 8;
        for (int c = 0; c < full; c += 8) {
            for (int l = 0; l < 8; l++) {
                offsets[l] = (c + l) * d;
            }
            DotKernel.dots8(s, offsets, v, d, row, c);
        }
        for (int c = full; c < k; c++) {
            row[c] = DotKernel.dot(s, c * d, v, d);
        }
        return DotKernel.dot(v, 0, v, d);
    }

    private void append(int i, int j, double[] v, double vv) {
        for (int c = 0; c < k; c++) {
            gram[c * cap + k] = row[c];
            gram[k * cap + c] = row[c];
        }
        gram[k * cap + k] = vv;
        System.arraycopy(v, 0, s, k * d, d);
        ia[k] = i;
        ib[k] = j;
        weights[k] = 0;
        k++;
    }

    /** Removes vertex {@code r}, keeping the order of the others. */
    void remove(int r) {
        int after = k - 1 - r;
        System.arraycopy(s, (r + 1) * d, s, r * d, after * d);
        System.arraycopy(ia, r + 1, ia, r, after);
        System.arraycopy(ib, r + 1, ib, r, after);
        System.arraycopy(weights, r + 1, weights, r, after);
        for (int i = 0; i < k; i++) {
            System.arraycopy(gram, i * cap + r + 1, gram, i * cap + r, after);
        }
        System.arraycopy(gram, (r + 1) * cap, gram, r * cap, after * cap);
        if (factorValid) {
            factor.remove(r);
        }
        k--;
        if (!factorValid) {
            factorValid = rebuild();
        }
    }

    /** The weights of the point of least norm in the corral's affine hull; valid until the next call or change. */
    double[] affineMinimiser() {
        if (factorValid) {
            factor.affineMinimiser(solution);
            if (satisfiesOptimality(solution)) {
                return solution;
            }
            fallbacks++;
            factorValid = rebuild();
            if (factorValid) {
                factor.affineMinimiser(solution);
                if (satisfiesOptimality(solution)) {
                    return solution;
                }
                factorValid = false;
            }
        } else {
            fallbacks++;
        }
        denseMinimiser(solution);
        return solution;
    }

    /** x = sum of weight times vertex, in the order of the vertices. */
    void point(double[] x) {
        Arrays.fill(x, 0, d, 0.0);
        for (int i = 0; i < k; i++) {
            double w = weights[i];
            int o = i * d;
            for (int c = 0; c < d; c++) {
                x[c] += w * s[o + c];
            }
        }
    }

    /** Whether (G v)_i is the same for every i, as for the affine minimiser, within the tolerance. */
    private boolean satisfiesOptimality(double[] v) {
        double maxDiag = 0;
        double l1 = 0;
        for (int i = 0; i < k; i++) {
            maxDiag = Math.max(maxDiag, gram[i * cap + i]);
            l1 += Math.abs(v[i]);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double gv = 0;
            int o = i * cap;
            for (int j = 0; j < k; j++) {
                gv += gram[o + j] * v[j];
            }
            lo = Math.min(lo, gv);
            hi = Math.max(hi, gv);
        }
        // NaN (a zero pivot) fails as well
        return hi - lo <= residualTolerance * maxDiag * l1;
    }

    /** A fresh factor of the Gram matrix; false if a vertex turns out dependent on those before it. */
    private boolean rebuild() {
        factor.clear();
        for (int c = 0; c < k; c++) {
            // not in row, which may hold the entering vertex's dot products
            System.arraycopy(gram, c * cap, column, 0, c);
            if (!factor.add(column, gram[c * cap + c])) {
                return false;
            }
        }
        return true;
    }

    /** [G 1; 1' 0] [v; mu] = [0; 1] by Gaussian elimination, with the ridge of the solve before the factor. */
    private void denseMinimiser(double[] out) {
        double[][] m = new double[k + 1][k + 2];
        double maxDiag = 0;
        for (int i = 0; i < k; i++) {
            maxDiag = Math.max(maxDiag, gram[i * cap + i]);
        }
        for (int i = 0; i < k; i++) {
            System.arraycopy(gram, i * cap, m[i], 0, k);
            m[i][i] += 1e-14 * maxDiag;
            m[i][k] = 1;
            m[k][i] = 1;
        }
        m[k][k + 1] = 1;
        double[] sol = Gauss.solve(m, k + 1);
        System.arraycopy(sol, 0, out, 0, k);
    }

    private void grow() {
        int wider = 2 * cap;
        double[] g = new double[wider * wider];
        for (int i = 0; i < k; i++) {
            System.arraycopy(gram, i * cap, g, i * wider, k);
        }
        gram = g;
        cap = wider;
        ia = Arrays.copyOf(ia, wider);
        ib = Arrays.copyOf(ib, wider);
        s = Arrays.copyOf(s, wider * d);
        weights = Arrays.copyOf(weights, wider);
        solution = Arrays.copyOf(solution, wider);
        row = Arrays.copyOf(row, wider);
        column = new double[wider];
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
