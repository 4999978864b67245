package dev.ftprobe.geometry;

import java.util.Comparator;

/**
 * A pair of clusters whose overlap only a nearest-point solve (and maybe the LP) can decide, with their centroid
 * distance and the solve's warm start (null: cold).
 */
record LpTask(ClusterShape a, ClusterShape b, double centroidDistance, HullSupport start) {
    /**
     * The order in which solves are started: closest pairs first (they are the likeliest to overlap, which ends an
     * early-stopping search soonest), ties by cluster ids so that runs repeat.
     */
    static final Comparator<LpTask> CLOSEST_FIRST = Comparator.comparingDouble(LpTask::centroidDistance)
            .thenComparingInt(t -> t.a.id())
            .thenComparingInt(t -> t.b.id());

    static LpTask of(ClusterShape a, ClusterShape b) {
        return new LpTask(a, b, ClusterShape.distance(a.centroid(), b.centroid()), null);
    }

    /** The same task, its solve started from {@code support} (from a to b). */
    LpTask startingFrom(HullSupport support) {
        return new LpTask(a, b, centroidDistance, support);
    }
}
