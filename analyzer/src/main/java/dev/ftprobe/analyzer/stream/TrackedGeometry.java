package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.geometry.Movement;
import dev.ftprobe.geometry.TrackingConventions;
import dev.ftprobe.geometry.TrackingResult;
import dev.ftprobe.geometry.TrackingVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link TrackingResult} as a set's {@link GeometryResult}, so that the dynamics are computed from it as from
 * DirectProbe's: the labels in ascending id order (the tracking's are sorted by name, the original's label ids), the
 * label distances and minimum distances under the given conventions (null where undefined under STRICT; 0 where
 * undefined and everywhere when two labels overlap under ORIGINAL), the centroids of the points.
 *
 * <p>The cluster counts are DirectProbe's when the set was also clustered ({@code clustered}); otherwise one cluster
 * per label with points (the partition that is tracked), and {@code linear} says whether every checked pair was proved
 * separable.
 */
final class TrackedGeometry {
    private TrackedGeometry() {}

    /**
     * @param tracked the points tracked, label {@code l} the task's label {@code tracked.ids()[l]}
     * @param clustered DirectProbe's geometry of the same points (present labels only), or null
     */
    static GeometryResult of(
            TrackingResult r, SetPoints tracked, TrackingConventions conventions, GeometryResult clustered) {
        LabelledPoints points = tracked.points();
        TrackingVectors v = r.vectors(conventions);
        int n = points.labelCount();
        int[] rank = new int[n];
        for (int l = 0; l < n; l++) {
            rank[l] = v.labels().indexOf(points.labelNames().get(l));
        }
        int[] size = new int[n];
        for (int i = 0; i < points.size(); i++) {
            size[points.label(i)]++;
        }
        double[][] centroids = Movement.centroids(points);
        List<LabelGeometry> labels = new ArrayList<>();
        int clusters = 0;
        for (int l = 0; l < n; l++) {
            int id = tracked.ids()[l];
            int own = size[l] > 0 ? 1 : 0;
            if (clustered != null) {
                int at = clustered.indexOf(id);
                own = at < 0 ? 0 : clustered.labels().get(at).clusters();
            }
            clusters += own;
            labels.add(new LabelGeometry(
                    id, points.labelNames().get(l), own, value(v.minimumDistances()[rank[l]]), centroid(centroids[l])));
        }
        List<Double> vector = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = Math.min(rank[i], rank[j]);
                int b = Math.max(rank[i], rank[j]);
                vector.add(value(v.labelDistances()[a * (2 * n - a - 1) / 2 + (b - a - 1)]));
            }
        }
        boolean linear = clustered != null ? clustered.linear() : r.linear();
        int total = clustered != null ? clustered.clusters() : clusters;
        // the tracking's undecided label pairs, and DirectProbe's where it also clustered the set
        int undecided = r.undecided() + (clustered != null ? clustered.undecided() : 0);
        return new GeometryResult(labels, total, linear, vector, undecided);
    }

    /** What the set's record says of the tracking. */
    static SetGeometry.Tracking summary(TrackingResult r, TrackingConventions conventions, boolean reclustered) {
        return new SetGeometry.Tracking(
                conventions.name().toLowerCase(Locale.ROOT),
                reclustered,
                r.pairs().size(),
                r.undecided(),
                r.overlapping(),
                r.labelsWithoutClusters());
    }

    private static Double value(double d) {
        return Double.isNaN(d) ? null : d;
    }

    private static List<Double> centroid(double[] row) {
        if (row.length > 0 && Double.isNaN(row[0])) {
            return null;
        }
        List<Double> out = new ArrayList<>(row.length);
        for (double x : row) {
            out.add(x);
        }
        return out;
    }
}
