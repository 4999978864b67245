package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The dynamics maths (METHOD.md §4-5): how a set's geometry changed from the baseline's, label by label
 * (minimum-distance change, centroid movement and shift) and as a whole (mean minimum distance, similarity). Pure;
 * iterates in label order, so sums, and the results, do not depend on map order.
 */
public final class Dynamics {
    private Dynamics() {}

    /**
     * @param nowName what {@code now} is, for messages ("train at step 20")
     * @param baseName what {@code base} is
     * @throws IllegalArgumentException when a label's centroid has another dimension at the baseline
     */
    public static SetDynamics between(GeometryResult now, String nowName, GeometryResult base, String baseName) {
        List<LabelDynamics> labels = new ArrayList<>();
        double sum = 0;
        int defined = 0;
        for (LabelGeometry l : now.labels()) {
            int bi = base.indexOf(l.id());
            LabelGeometry b = bi < 0 ? null : base.labels().get(bi);
            Double change = null;
            if (l.minDistance() != null) {
                sum += l.minDistance();
                defined++;
                if (b != null && b.minDistance() != null) {
                    change = l.minDistance() - b.minDistance();
                }
            }
            List<Double> movement = b == null ? null : movement(l, nowName, b, baseName);
            labels.add(new LabelDynamics(
                    l.id(), l.name(), l.minDistance(), change, movement == null ? null : norm(movement), movement));
        }
        Similarity.Result s = Similarity.between(now, nowName, base, baseName);
        return new SetDynamics(
                now.clusters(),
                now.labels().size(),
                now.linear(),
                labels,
                defined == 0 ? null : sum / defined,
                s.value(),
                s.undefined());
    }

    /** The label's centroid now minus at the baseline; null when either is undefined. */
    private static List<Double> movement(LabelGeometry now, String nowName, LabelGeometry base, String baseName) {
        List<Double> c = now.centroid();
        List<Double> b = base.centroid();
        if (c == null || b == null) {
            return null;
        }
        if (b.size() != c.size()) {
            throw new IllegalArgumentException("label " + now.name() + ": centroid of dimension " + c.size() + " in "
                    + nowName + " but " + b.size() + " in " + baseName);
        }
        List<Double> d = new ArrayList<>(c.size());
        for (int k = 0; k < c.size(); k++) {
            d.add(c.get(k) - b.get(k));
        }
        return d;
    }

    /** Euclidean norm, summed in component order (as before the move, so shifts stay bit-identical). */
    private static double norm(List<Double> v) {
        double sq = 0;
        for (double x : v) {
            sq += x * x;
        }
        return Math.sqrt(sq);
    }
}
