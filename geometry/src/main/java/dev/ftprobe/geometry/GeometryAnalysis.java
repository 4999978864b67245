package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/** DirectProbe, then the label distances and centroids: one {@link GeometryRun} per set of points. */
public final class GeometryAnalysis {
    private final DirectProbe probe;
    private final HullDistance hull;

    private GeometryAnalysis(Builder b) {
        DirectProbe.Builder pb = DirectProbe.builder().optParallelism(b.parallelism);
        if (b.lp != null) {
            pb.optLp(b.lp);
        }
        probe = pb.build();
        hull = b.hull;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; all values optional. */
    public static final class Builder {
        private HullDistance hull = HullDistance.exact();
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private SeparabilityLp lp;

        /** How cluster distances are computed; default {@link HullDistance#exact()}. */
        public Builder optHullDistance(HullDistance hull) {
            this.hull = Objects.requireNonNull(hull, "hull");
            return this;
        }

        public Builder optParallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** DirectProbe's exact overlap test; default GLOP. For tests. */
        Builder optLp(SeparabilityLp lp) {
            this.lp = Objects.requireNonNull(lp, "lp");
            return this;
        }

        public GeometryAnalysis build() {
            return new GeometryAnalysis(this);
        }
    }

    public DirectProbe probe() {
        return probe;
    }

    public HullDistance hullDistance() {
        return hull;
    }

    /** The geometry of {@code points}, each label's id its id in the points. */
    public GeometryRun analyze(LabelledPoints points) {
        int[] ids = new int[points.labelCount()];
        Arrays.setAll(ids, i -> i);
        return analyze(points, ids);
    }

    /**
     * The geometry of {@code points}, whose label {@code l} is the task's label {@code labelIds[l]}, named
     * {@code points.labelNames().get(l)}.
     *
     * @param labelIds ascending: the result lists labels in the points' order, which must be the task's
     */
    public GeometryRun analyze(LabelledPoints points, int[] labelIds) {
        if (labelIds.length != points.labelCount()) {
            throw new IllegalArgumentException(labelIds.length + " label ids for " + points.labelCount() + " labels");
        }
        DirectProbeClusters clusters = probe.run(points);
        long t0 = System.nanoTime();
        LabelDistances distances = LabelDistances.compute(points, clusters, hull);
        long t1 = System.nanoTime();
        double[][] centroids = Movement.centroids(points);
        int[] clustersOfLabel = new int[points.labelCount()];
        for (int c : clusters.clusterLabel()) {
            clustersOfLabel[c]++;
        }
        List<OptionalDouble> minimum = distances.minimumDistances();
        List<LabelGeometry> labels = new ArrayList<>();
        for (int l = 0; l < labelIds.length; l++) {
            OptionalDouble min = minimum.get(l);
            labels.add(new LabelGeometry(
                    labelIds[l],
                    points.labelNames().get(l),
                    clustersOfLabel[l],
                    min.isPresent() ? min.getAsDouble() : null,
                    centroid(centroids[l])));
        }
        List<Double> vector = new ArrayList<>();
        for (double d : distances.vector()) {
            vector.add(Double.isNaN(d) ? null : d);
        }
        List<DirectProbeClusters.PhaseTiming> timings = new ArrayList<>(clusters.timings());
        timings.add(new DirectProbeClusters.PhaseTiming("label distances", (t1 - t0) / 1_000_000));
        GeometryResult result =
                new GeometryResult(labels, clusters.clusterCount(), clusters.linear(), vector, clusters.undecided());
        return new GeometryRun(result, clusters, timings);
    }

    /** A centroid as a list; null (undefined) for a label without points, whose row is NaN. */
    private static List<Double> centroid(double[] row) {
        if (row.length > 0 && Double.isNaN(row[0])) {
            return null;
        }
        List<Double> out = new ArrayList<>(row.length);
        for (double v : row) {
            out.add(v);
        }
        return out;
    }
}
