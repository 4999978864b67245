package dev.ftprobe.geometry;

/**
 * The relaxation method as it was before the centred points were precomputed: the reference for {@link RelaxationTest}.
 */
final class PlainRelaxation {
    private static final int MAX_SWEEPS = 25;
    private static final double STEP = 1.5; // over-relaxation in (0, 2)

    private PlainRelaxation() {}

    /** A strictly separating hyperplane (positive on {@code pos}), or null. */
    static Hyperplane separate(LabelledPoints points, int[] pos, int[] neg, double[] startW) {
        int d = points.dimension();
        double[] m = new double[d];
        for (int i : pos) {
            points.addTo(i, m);
        }
        for (int i : neg) {
            points.addTo(i, m);
        }
        for (int k = 0; k < d; k++) {
            m[k] /= pos.length + neg.length;
        }
        double[] w = startW.clone();
        // orient and scale so that the typical |w.(x - m)| is 1; the margin asked for is 0.05
        double scale = 0;
        double sign = 0;
        for (int i : pos) {
            double f = centred(points, i, w, m);
            scale += Math.abs(f);
            sign += f;
        }
        for (int i : neg) {
            double f = centred(points, i, w, m);
            scale += Math.abs(f);
            sign -= f;
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
            for (int side = 0; side < 2; side++) {
                int[] idx = side == 0 ? pos : neg;
                double y = side == 0 ? 1 : -1;
                for (int i : idx) {
                    double f = centred(points, i, w, m) + b;
                    if (y * f >= margin) {
                        continue;
                    }
                    double norm2 = 1; // the offset's coordinate
                    for (int k = 0; k < d; k++) {
                        double x = points.get(i, k) - m[k];
                        norm2 += x * x;
                    }
                    double step = STEP * (margin - y * f) / norm2 * y;
                    for (int k = 0; k < d; k++) {
                        w[k] += step * (points.get(i, k) - m[k]);
                    }
                    b += step;
                    moved = true;
                }
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

    private static double centred(LabelledPoints points, int i, double[] w, double[] m) {
        double[] x = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            x[k] = points.get(i, k) - m[k];
        }
        return DotKernel.dot(x, 0, w, w.length);
    }
}
