package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * A cluster's members with its centroid, bounding-sphere radius (max distance to the centroid) and the classes of
 * identical points of several labels that it holds ({@link LabelledPoints#sharedPointClasses}, sorted, usually none).
 */
record ClusterShape(int id, int label, int[] members, double[] centroid, double radius, int[] sharedPoints) {
    private static final int[] NONE = new int[0];

    static ClusterShape of(LabelledPoints points, int id, int label, int[] members) {
        double[] c = new double[points.dimension()];
        for (int i : members) {
            points.addTo(i, c);
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= members.length;
        }
        double r2 = 0;
        for (int i : members) {
            r2 = Math.max(r2, points.squaredDistance(i, c));
        }
        return new ClusterShape(id, label, members, c, Math.sqrt(r2), sharedPoints(points, members));
    }

    /** The same cluster under another id. */
    ClusterShape withId(int newId) {
        return new ClusterShape(newId, label, members, centroid, radius, sharedPoints);
    }

    /** True when the two clusters hold identical points (of their different labels): their hulls meet there. */
    boolean sharesAPointWith(ClusterShape o) {
        int[] x = sharedPoints;
        int[] y = o.sharedPoints;
        for (int i = 0, j = 0; i < x.length && j < y.length; ) {
            if (x[i] == y[j]) {
                return true;
            }
            if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    private static int[] sharedPoints(LabelledPoints points, int[] members) {
        int[] cls = points.sharedPointClasses();
        int n = 0;
        for (int i : members) {
            n += cls[i] >= 0 ? 1 : 0;
        }
        if (n == 0) {
            return NONE;
        }
        int[] out = new int[n];
        n = 0;
        for (int i : members) {
            if (cls[i] >= 0) {
                out[n++] = cls[i];
            }
        }
        Arrays.sort(out);
        return Arrays.stream(out).distinct().toArray();
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            double t = x[k] - y[k];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
