package dev.ftprobe.geometry;

import java.util.List;

/**
 * A set's {@link GeometryResult} with how it was reached: DirectProbe's partition (cluster per point, its log) and the
 * time of each phase, for logs, metrics and the batch tool's files.
 */
public record GeometryRun(
        GeometryResult result, DirectProbeClusters clusters, List<DirectProbeClusters.PhaseTiming> timings) {
    public GeometryRun {
        timings = List.copyOf(timings);
    }
}
