package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * One side of {@link MinNormPoint}'s oracle: the first row i of {@code data} (n rows of d values) with the least
 * {@code sign * x.row_i}, over a sequence of points x, skipping rows that provably cannot be it.
 *
 * <p>Screening: x moves between calls by |x_t - x_{t-1}|, so a row's value can have fallen since it was computed by at
 * most the path length since then times the row's norm (Cauchy-Schwarz). A row whose old value minus that bound, minus
 * a bound on the rounding of both dot products, is still above a value computed in this call is not the argmin, nor
 * tied with it, and its dot product is skipped. The rows that are computed give the bits of {@link DotKernel}, so the
 * answer is the full pass's, ties to the lowest index included. For rows computed in one of the last few passes the
 * bound is tighter: the distance from the x of that pass, kept as a snapshot (on real BERT base pairs the share of rows
 * skipped rose from 0.43-0.55 to 0.49-0.62). The previous answer is computed first: it is usually close to the minimum.
 * Late in a solve, when x moves little, most rows are skipped.
 */
final class ScreenedArgmin {
    /** The unit roundoff. */
    private static final double U = 0x1p-53;
    /** Relative slack on the computed norms and steps (their own rounding is below 1e-13 for d up to 100,000). */
    private static final double SLACK = 1 + 1e-10;

    private final double[] data;
    private final int n;
    private final int d;
    private final double sign;
    private final boolean screen;
    private final double[] norms;
    private final double[] values;
    private final double[] computedAt;
    private final double[] last;
    /**
     * The points x of the last {@link #SNAPSHOTS} passes, by pass number modulo that: a row computed in one of them can
     * have moved by at most |x - x_then| |row|, often much less than the path length since then (x zig-zags). Fewer
     * snapshots screen less, more screened no more rows on real BERT base pairs (8: 0.48, 32: 0.49, 1,024: 0.49 of the
     * rows on ADJ-NOUN).
     */
    private final double[][] snapshots;
    /** Per ring slot: |x - snapshot| for this pass, NaN until needed. */
    private final double[] displacement;

    private final int[] passOf;
    private int pass = -1;
    private static final int SNAPSHOTS = 32;
    private final int[] batch = new int[8];
    private final int[] offsets = new int[8];
    private final double[] dots = new double[8];
    private double path;
    private double pathError;
    private double maxNorm;
    private boolean started;
    private int previous = -1;
    private long skipped;
    private int best;
    private double min;

    /** @param sign 1 for the argmin of x.row, -1 for the argmax; {@code screen} false computes every row */
    ScreenedArgmin(double[] data, int n, int d, double sign, boolean screen) {
        this.data = data;
        this.n = n;
        this.d = d;
        this.sign = sign;
        this.screen = screen;
        norms = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = i * d; k < (i + 1) * d; k++) {
                sum += data[k] * data[k];
            }
            norms[i] = Math.sqrt(sum) * SLACK;
        }
        values = new double[n];
        computedAt = new double[n];
        Arrays.fill(computedAt, Double.NaN);
        last = new double[d];
        snapshots = new double[SNAPSHOTS][d];
        displacement = new double[SNAPSHOTS];
        passOf = new int[n];
    }

    /** Rows skipped so far. */
    long skipped() {
        return skipped;
    }

    int argmin(double[] x) {
        double moved = 0;
        for (int k = 0; k < d; k++) {
            double dx = x[k] - last[k];
            moved += dx * dx;
        }
        path += started ? Math.sqrt(moved) * SLACK : 0;
        // the running sum rounds at every step: a bound on what it lost, for the differences of two sums
        pathError += U * path;
        started = true;
        System.arraycopy(x, 0, last, 0, d);
        pass++;
        Arrays.fill(displacement, Double.NaN);
        currentX = x;
        System.arraycopy(x, 0, snapshots[pass % SNAPSHOTS], 0, d);
        maxNorm = Math.max(maxNorm, Math.sqrt(DotKernel.dot(x, 0, x, d)) * SLACK);
        // each dot product is off by at most (d/4 + 2) u |x| |row|: twice that, generously
        double rounding = 4 * (d + 8) * U * maxNorm;
        best = -1;
        min = Double.POSITIVE_INFINITY;
        int seed = previous;
        if (seed >= 0) {
            store(seed, sign * DotKernel.dot(data, seed * d, x, d));
        }
        int pending = 0;
        for (int i = 0; i < n; i++) {
            if (i == seed || (screen && cannotBeMin(i, rounding))) {
                skipped += i == seed ? 0 : 1;
                continue;
            }
            batch[pending++] = i;
            if (pending == 8) {
                for (int l = 0; l < 8; l++) {
                    offsets[l] = batch[l] * d;
                }
                DotKernel.dots8(data, offsets, x, d, dots, 0);
                for (int l = 0; l < 8; l++) {
                    store(batch[l], sign * dots[l]);
                }
                pending = 0;
            }
        }
        for (int l = 0; l < pending; l++) {
            store(batch[l], sign * DotKernel.dot(data, batch[l] * d, x, d));
        }
        previous = best;
        return best;
    }

    private double[] currentX;

    /** |x - x of pass p| for this pass's x, bounded above (its own rounding and that of the dot products). */
    private double displacementTo(int p) {
        int slot = p % SNAPSHOTS;
        double v = displacement[slot];
        if (Double.isNaN(v)) {
            double[] s = snapshots[slot];
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double t = currentX[k] - s[k];
                sum += t * t;
            }
            v = Math.sqrt(sum) * SLACK + 4 * (d + 8) * U * maxNorm;
            displacement[slot] = v;
        }
        return v;
    }

    private boolean cannotBeMin(int i, double rounding) {
        double at = computedAt[i];
        if (Double.isNaN(at)) {
            return false;
        }
        double step = path - at + 2 * pathError;
        if (pass - passOf[i] < SNAPSHOTS && pass != passOf[i]) {
            step = Math.min(step, displacementTo(passOf[i]));
        }
        double fall = step * norms[i];
        double margin = rounding * norms[i];
        double bound = values[i] - fall - margin;
        // the three operations of the bound round too
        return bound - 4 * U * (Math.abs(values[i]) + fall + margin) > min;
    }

    private void store(int i, double value) {
        values[i] = value;
        computedAt[i] = path;
        passOf[i] = pass;
        if (value < min || (value == min && i < best)) {
            min = value;
            best = i;
        }
    }
}
