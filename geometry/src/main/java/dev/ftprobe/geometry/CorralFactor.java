package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * The Cholesky factor of a corral's system in Wolfe's algorithm, updated in O(k^2) when a vertex enters or leaves,
 * never rebuilt unless asked: upper triangular R with {@code R'R = c ee' + S'S}, S the corral's vertices as columns (P.
 * Wolfe, "Finding the nearest point in a polytope", 1976, §4, with his lift 1 generalised to c).
 *
 * <p>The point of least norm in the affine hull of the corral has the weights {@code u / e'u} with {@code (c ee' + S'S)
 * u = e}: two triangular solves. Any c > 0 gives the same weights; c of the order of the vertices' squared norms keeps
 * the affine row as well scaled as the Gram part.
 *
 * <p>A vertex enters as a new column (one forward substitution and a new diagonal); one whose new diagonal would be
 * zero relative to its column's scale ({@link #DEPENDENCE}) is affinely dependent on the corral at the factor's
 * precision and does not enter (Wolfe's rule). A vertex leaves by deleting its column, which leaves R upper Hessenberg
 * from there on, and Givens rotations of neighbouring rows restore it.
 *
 * <p>R is stored row-major with a stride that doubles as the corral grows, so that every loop runs along a row. Every
 * sum is in a fixed order: the same corral gives the same bits.
 */
final class CorralFactor {
    /**
     * A new squared diagonal at or below this fraction of its column's diagonal means dependence. It is computed as the
     * difference {@code diag - |r|^2}, good to about 1e-16 of diag, and the factor squares the condition of the
     * corral's vertices: below 1e-10 the weights it gives lose more than a millionth.
     */
    static final double DEPENDENCE = 1e-10;

    private final double lift;
    private int stride;
    private int k;
    private double[] r;
    private double[] y;

    CorralFactor(double lift, int initialCapacity) {
        if (!(lift > 0)) {
            throw new IllegalArgumentException("the lift must be positive, got " + lift);
        }
        this.lift = lift;
        this.stride = Math.max(1, initialCapacity);
        this.r = new double[stride * stride];
        this.y = new double[stride];
    }

    int size() {
        return k;
    }

    /** R[i][j] for tests and the residual checks; zero below the diagonal. */
    double get(int i, int j) {
        return j < i ? 0 : r[i * stride + j];
    }

    /** Forgets every column (for a rebuild from the Gram matrix). */
    void clear() {
        k = 0;
    }

    /**
     * Appends the vertex whose dot products with the corral's vertices are {@code gramRow[0 .. k)} and whose squared
     * norm is {@code norm2}; false, and the factor unchanged, if it is affinely dependent on them.
     */
    boolean add(double[] gramRow, double norm2) {
        if (k == stride) {
            grow();
        }
        // R' y = c + gramRow, by columns of R' (rows of R) so that the inner loop runs along a row
        for (int i = 0; i < k; i++) {
            y[i] = lift + gramRow[i];
        }
        double diag = lift + norm2;
        double rho2 = diag;
        for (int l = 0; l < k; l++) {
            int row = l * stride;
            double yl = y[l] / r[row + l];
            y[l] = yl;
            rho2 -= yl * yl;
            for (int i = l + 1; i < k; i++) {
                y[i] -= r[row + i] * yl;
            }
        }
        if (!(rho2 > DEPENDENCE * diag)) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            r[i * stride + k] = y[i];
        }
        r[k * stride + k] = Math.sqrt(rho2);
        k++;
        return true;
    }

    /** Removes column {@code j}: the later columns move left and rotations of rows j.. restore the triangle. */
    void remove(int j) {
        if (j < 0 || j >= k) {
            throw new IndexOutOfBoundsException("column " + j + " of " + k);
        }
        for (int i = 0; i < k; i++) {
            int row = i * stride;
            System.arraycopy(r, row + j + 1, r, row + j, k - 1 - j);
        }
        // row i + 1 now has its old diagonal in column i: rotate rows i and i + 1 to zero it
        for (int i = j; i < k - 1; i++) {
            int top = i * stride;
            int bottom = (i + 1) * stride;
            double p = r[top + i];
            double q = r[bottom + i];
            double h = Math.sqrt(p * p + q * q);
            double cos = p / h;
            double sin = q / h;
            r[top + i] = h;
            r[bottom + i] = 0;
            for (int c = i + 1; c < k - 1; c++) {
                double t = r[top + c];
                double u = r[bottom + c];
                r[top + c] = cos * t + sin * u;
                r[bottom + c] = cos * u - sin * t;
            }
        }
        k--;
    }

    /** The affine minimiser's weights (summing to 1) into {@code out[0 .. k)}. */
    void affineMinimiser(double[] out) {
        // R' y = e
        Arrays.fill(y, 0, k, 1.0);
        double yy = 0;
        for (int l = 0; l < k; l++) {
            int row = l * stride;
            double yl = y[l] / r[row + l];
            y[l] = yl;
            yy += yl * yl;
            for (int i = l + 1; i < k; i++) {
                y[i] -= r[row + i] * yl;
            }
        }
        // R u = y, then u / e'u where e'u = e'(R'R)^-1 e = y'y
        for (int i = k - 1; i >= 0; i--) {
            int row = i * stride;
            double sum = y[i];
            for (int j = i + 1; j < k; j++) {
                sum -= r[row + j] * out[j];
            }
            out[i] = sum / r[row + i];
        }
        for (int i = 0; i < k; i++) {
            out[i] /= yy;
        }
    }

    private void grow() {
        int wider = 2 * stride;
        double[] next = new double[wider * wider];
        for (int i = 0; i < k; i++) {
            System.arraycopy(r, i * stride, next, i * wider, k);
        }
        r = next;
        y = Arrays.copyOf(y, wider);
        stride = wider;
    }
}
