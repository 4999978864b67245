package dev.ftprobe.geometry;

import java.util.Comparator;

/** A pair of clusters whose overlap only the LP can decide, with their centroid distance. */
record LpTask(ClusterShape a, ClusterShape b, double centroidDistance) {
    /**
     * The order in which LPs are started: closest pairs first (they are the likeliest to overlap, which ends an
     * early-stopping search soonest), ties by cluster ids so that runs repeat.
     */
    static final Comparator<LpTask> CLOSEST_FIRST = Comparator.comparingDouble(LpTask::centroidDistance)
            .thenComparingInt(t -> t.a.id())
            .thenComparingInt(t -> t.b.id());

    static LpTask of(ClusterShape a, ClusterShape b) {
        return new LpTask(a, b, ClusterShape.distance(a.centroid(), b.centroid()));
    }
}
