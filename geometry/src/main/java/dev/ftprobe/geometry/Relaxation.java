package dev.ftprobe.geometry;

/**
 * A cheap search for a separating hyperplane before the LP: the relaxation method for linear inequalities (Agmon;
 * Motzkin and Schoenberg, 1954). Each point that is not on its side with a small margin moves the hyperplane by an
 * over-relaxed projection onto its half-space. It starts from a hyperplane that nearly separates (a cached one, or the
 * centroid direction), so a few sweeps usually suffice when the clusters are separable. A result counts only after the
 * exact strict check; when it fails to converge within the sweep limit the LP decides.
 */
final class Relaxation {
    private static final int MAX_SWEEPS = 25;
    private static final double STEP = 1.5; // over-relaxation in (0, 2)

    private Relaxation() {}

    /** A strictly separating hyperplane (positive on {@code pos}), or null. */
    static Hyperplane separate(LabelledPoints points, int[] pos, int[] neg, double[] startW) {
        int d = points.dimension();
        double[] m = points.meanOf(pos, neg);
        // the centred points and their squared norms (plus 1 for the offset) once, not in every
        // sweep: the same subtractions and sums in the same order, so the values are identical
        double[][] xc = new double[pos.length + neg.length][];
        double[] norm2 = new double[xc.length];
        for (int j = 0; j < xc.length; j++) {
            int i = j < pos.length ? pos[j] : neg[j - pos.length];
            double[] x = new double[d];
            double n2 = 1; // the offset's coordinate
            for (int k = 0; k < d; k++) {
                x[k] = points.get(i, k) - m[k];
                n2 += x[k] * x[k];
            }
            xc[j] = x;
            norm2[j] = n2;
        }
        double[] w = startW.clone();
        // orient and scale so that the typical |w.(x - m)| is 1; the margin asked for is 0.05
        double scale = 0;
        double sign = 0;
        for (int j = 0; j < xc.length; j++) {
            double f = dot(w, xc[j]);
            scale += Math.abs(f);
            sign += j < pos.length ? f : -f;
        }
        if (scale == 0) {
            return null;
        }
        double factor = (sign < 0 ? -1 : 1) * (pos.length + neg.length) / scale;
        for (int k = 0; k < d; k++) {
            w[k] *= factor;
        }
        double b = 0;
        double margin = 0.05;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean moved = false;
            for (int j = 0; j < xc.length; j++) {
                double y = j < pos.length ? 1 : -1;
                double[] x = xc[j];
                double f = dot(w, x) + b;
                if (y * f >= margin) {
                    continue;
                }
                double step = STEP * (margin - y * f) / norm2[j] * y;
                for (int k = 0; k < d; k++) {
                    w[k] += step * x[k];
                }
                b += step;
                moved = true;
            }
            if (!moved) {
                break;
            }
        }
        double shift = 0;
        for (int k = 0; k < d; k++) {
            shift += w[k] * m[k];
        }
        Hyperplane h = new Hyperplane(w, b - shift);
        return h.strictlySeparates(points, pos, neg) ? h : null;
    }

    private static double dot(double[] w, double[] x) {
        return DotKernel.dot(x, 0, w, w.length);
    }
}
