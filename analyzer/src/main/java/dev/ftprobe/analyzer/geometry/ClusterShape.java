package dev.ftprobe.analyzer.geometry;

/** A cluster's members with its centroid and bounding-sphere radius (max distance to the centroid). */
record ClusterShape(int id, int label, int[] members, double[] centroid, double radius) {
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
        return new ClusterShape(id, label, members, c, Math.sqrt(r2));
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
