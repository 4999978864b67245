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
    /** Per row: the bound on the error of its stored value (0 for an exact double product). */
    private final double[] error;
    /** The rows rounded to float for the first pass, or null (no vector module, or values out of float's range). */
    private final float[] floats;

    private final float[] xFloat;
    private final float[] floatDots = new float[8];
    private final int[] computed;
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
        error = new double[n];
        floats = FLOAT_PASS && screen ? floatsOrNull(data, d) : null;
        xFloat = floats == null ? null : new float[d];
        computed = floats == null ? null : new int[n];
        computedAt = new double[n];
        Arrays.fill(computedAt, Double.NaN);
        last = new double[d];
        snapshots = new double[SNAPSHOTS][d];
        displacement = new double[SNAPSHOTS];
        passOf = new int[n];
    }

    /** Whether the float first pass runs: with the vector module, whose 8 float lanes make it pay. */
    private static final boolean FLOAT_PASS = "VectorDotKernel".equals(DotKernel.backend());

    /** The rows as floats, or null where a value would overflow float or d is too large for its error bound. */
    private static float[] floatsOrNull(double[] data, int d) {
        if (d > 100_000) {
            return null;
        }
        float[] out = new float[data.length];
        for (int k = 0; k < data.length; k++) {
            if (!(Math.abs(data[k]) < 1e30)) {
                return null;
            }
            out[k] = (float) data[k];
        }
        return out;
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
        if (floats != null) {
            return floatPass(x, rounding, seed);
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

    /**
     * The pass in two rounds: float products for every row that screening leaves, each with its error bound; then the
     * exact double product ({@link DotKernel}) for the rows whose float value minus its bound is at or below the least
     * float value plus its bound. Those rows hold the argmin and every row tied with it, so the answer is the full
     * double pass's, ties to the lowest index included.
     */
    private int floatPass(double[] x, double rounding, int seed) {
        for (int k = 0; k < d; k++) {
            xFloat[k] = (float) x[k];
        }
        double xNorm = Math.sqrt(DotKernel.dot(x, 0, x, d)) * SLACK;
        // a bound on float value - exact value, plus the double product's own rounding: the answer is the argmin of
        // the computed doubles, not of the exact values
        double errorScale = FloatDotKernel.ERROR_PER_DIMENSION * (d + 8) * xNorm + rounding;
        double underflow = FloatDotKernel.UNDERFLOW * d;
        exactMin = best >= 0 ? values[best] : Double.POSITIVE_INFINITY;
        int count = 0;
        int pending = 0;
        for (int i = 0; i < n; i++) {
            if (i == seed || cannotBeMin(i, rounding)) {
                skipped += i == seed ? 0 : 1;
                continue;
            }
            batch[pending++] = i;
            if (pending == 8) {
                count = floatBatch(pending, errorScale, underflow, count);
                pending = 0;
            }
        }
        if (pending > 0) {
            count = floatBatch(pending, errorScale, underflow, count);
        }
        // second round, in row order: exact products of the rows that may still be the argmin or tied with it
        pending = 0;
        for (int c = 0; c < count; c++) {
            int row = computed[c];
            if (values[row] - error[row] > min) {
                continue;
            }
            batch[pending++] = row;
            if (pending == 8) {
                exact8();
                pending = 0;
            }
        }
        for (int l = 0; l < pending; l++) {
            storeExact(batch[l], sign * DotKernel.dot(data, batch[l] * d, currentX, d));
        }
        previous = best;
        return best;
    }

    /** The float products of the {@code pending} rows in {@code batch}; returns the count of computed rows. */
    private int floatBatch(int pending, double errorScale, double underflow, int count) {
        for (int l = 0; l < 8; l++) {
            offsets[l] = batch[l < pending ? l : 0] * d;
        }
        FloatDotKernel.dots8(floats, offsets, xFloat, d, floatDots);
        for (int l = 0; l < pending; l++) {
            int row = batch[l];
            storeApproximate(row, sign * floatDots[l], errorScale * norms[row] + underflow);
            computed[count++] = row;
        }
        return count;
    }

    private void exact8() {
        for (int l = 0; l < 8; l++) {
            offsets[l] = batch[l] * d;
        }
        DotKernel.dots8(data, offsets, currentX, d, dots, 0);
        for (int l = 0; l < 8; l++) {
            storeExact(batch[l], sign * dots[l]);
        }
    }

    /** A float row value with its error bound: it bounds the minimum from above, it is not a candidate yet. */
    private void storeApproximate(int i, double value, double err) {
        values[i] = value;
        error[i] = err;
        computedAt[i] = path;
        passOf[i] = pass;
        if (value + err < min) {
            min = value + err; // an upper bound on the pass's minimum; best stays on exact values only
        }
    }

    /** An exact double row value: the argmin is chosen among these. */
    private void storeExact(int i, double value) {
        values[i] = value;
        error[i] = 0;
        computedAt[i] = path;
        passOf[i] = pass;
        if (best < 0 || value < exactMin || (value == exactMin && i < best)) {
            exactMin = value;
            best = i;
        }
        min = Math.min(min, value);
    }

    private double exactMin;

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
        double bound = values[i] - error[i] - fall - margin;
        // the four operations of the bound round too
        return bound - 4 * U * (Math.abs(values[i]) + error[i] + fall + margin) > min;
    }

    private void store(int i, double value) {
        values[i] = value;
        error[i] = 0;
        computedAt[i] = path;
        passOf[i] = pass;
        if (value < min || (value == min && i < best)) {
            min = value;
            best = i;
        }
    }
}
