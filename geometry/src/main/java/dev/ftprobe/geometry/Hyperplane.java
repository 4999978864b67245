package dev.ftprobe.geometry;

/** The hyperplane w . x + b = 0; positive side for one cluster, negative for the other. */
record Hyperplane(double[] w, double b) {
    double value(LabelledPoints points, int i) {
        return points.dot(i, w) + b;
    }

    /**
     * True when every point of {@code pos} is strictly on the positive side and every point of {@code neg} strictly on
     * the negative one: an exact proof of separability.
     */
    boolean strictlySeparates(LabelledPoints points, int[] pos, int[] neg) {
        return allOnSide(points, pos, true) && allOnSide(points, neg, false);
    }

    /** Checks eight points at a time ({@link LabelledPoints#dots} gives the values of {@link #value} bit for bit). */
    private boolean allOnSide(LabelledPoints points, int[] idx, boolean positive) {
        double[] v = new double[8];
        for (int i = 0; i < idx.length; i += 8) {
            int to = Math.min(i + 8, idx.length);
            points.dots(idx, i, to, w, v, 0);
            for (int j = 0; j < to - i; j++) {
                double value = v[j] + b;
                if (positive ? !(value > 0) : !(value < 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Like {@link #strictlySeparates} with either side positive. */
    boolean strictlySeparatesEitherWay(LabelledPoints points, int[] x, int[] y) {
        return value(points, x[0]) > 0
                ? strictlySeparates(points, x, y)
                : new Hyperplane(negated(w), -b).strictlySeparates(points, x, y);
    }

    private static double[] negated(double[] w) {
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = -w[k];
        }
        return out;
    }
}
