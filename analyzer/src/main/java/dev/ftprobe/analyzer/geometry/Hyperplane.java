package dev.ftprobe.analyzer.geometry;

/** The hyperplane w . x + b = 0; positive side for one cluster, negative for the other. */
record Hyperplane(double[] w, double b) {
    double value(LabelledPoints points, int i) {
        return points.dot(i, w) + b;
    }

    /** True when every point of {@code pos} is strictly on the positive side and every point of {@code neg} strictly on the negative one: an exact proof of separability. */
    boolean strictlySeparates(LabelledPoints points, int[] pos, int[] neg) {
        for (int i : pos) {
            if (!(value(points, i) > 0)) {
                return false;
            }
        }
        for (int i : neg) {
            if (!(value(points, i) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #strictlySeparates} with either side positive. */
    boolean strictlySeparatesEitherWay(LabelledPoints points, int[] x, int[] y) {
        return value(points, x[0]) > 0 ? strictlySeparates(points, x, y) : new Hyperplane(negated(w), -b).strictlySeparates(points, x, y);
    }

    private static double[] negated(double[] w) {
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = -w[k];
        }
        return out;
    }
}
