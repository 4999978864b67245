package dev.ftprobe.app.directprobe;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.List;

/** Mean and largest Euclidean distance between two points of the same label (the original's "inside" files). */
final class InsideDistances {
    private InsideDistances() {}

    /** Per label id: {mean, max}; NaN for labels with fewer than 2 points. */
    static double[][] meanAndMax(LabelledPoints points) {
        List<int[]> by = points.pointsByLabel();
        double[][] out = new double[by.size()][];
        for (int r = 0; r < by.size(); r++) {
            int[] m = by.get(r);
            if (m.length < 2) {
                out[r] = new double[] {Double.NaN, Double.NaN};
                continue;
            }
            double sum = 0;
            double max = 0;
            long pairs = 0;
            for (int x = 0; x < m.length; x++) {
                for (int y = x + 1; y < m.length; y++) {
                    double s = 0;
                    for (int k = 0; k < points.dimension(); k++) {
                        double t = points.get(m[x], k) - points.get(m[y], k);
                        s += t * t;
                    }
                    double dist = Math.sqrt(s);
                    sum += dist;
                    max = Math.max(max, dist);
                    pairs++;
                }
            }
            out[r] = new double[] {sum / pairs, max};
        }
        return out;
    }
}
