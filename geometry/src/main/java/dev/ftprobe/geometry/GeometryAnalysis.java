package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;

/** DirectProbe, then the label distances and centroids: one {@link GeometryResult} per set of points. */
public final class GeometryAnalysis {
    private final DirectProbe probe;
    private final HullDistance hull;

    private GeometryAnalysis(Builder b) {
        probe = DirectProbe.builder().optParallelism(b.parallelism).build();
        hull = b.hull;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; all values optional. */
    public static final class Builder {
        private HullDistance hull = HullDistance.exact();
        private int parallelism = Runtime.getRuntime().availableProcessors();

        /** How cluster distances are computed; default {@link HullDistance#exact()}. */
        public Builder optHullDistance(HullDistance hull) {
            this.hull = java.util.Objects.requireNonNull(hull, "hull");
            return this;
        }

        public Builder optParallelism(int parallelism) {
            this.parallelism = parallelism;
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

    public GeometryResult analyze(LabelledPoints points) {
        return analyze(points, probe.run(points));
    }

    /** The distances and centroids for an existing partition. */
    public GeometryResult analyze(LabelledPoints points, DirectProbeClusters clusters) {
        long t0 = System.nanoTime();
        LabelDistances distances = LabelDistances.compute(points, clusters, hull);
        long t1 = System.nanoTime();
        double[][] centroids = Movement.centroids(points, distances.labels());
        List<DirectProbeClusters.PhaseTiming> timings = new ArrayList<>(clusters.timings());
        timings.add(new DirectProbeClusters.PhaseTiming("label distances", (t1 - t0) / 1_000_000));
        return new GeometryResult(clusters.clusterOfPoint(), clusters.clusterLabel(), clusters.clusterCount(),
                clusters.linear(), distances.labels(), distances.matrix(), distances.vector(),
                distances.minimumDistances(), centroids, List.copyOf(timings));
    }
}
