package dev.ftprobe.analyzer.stream;

import dev.ftprobe.geometry.ClusterPair;
import dev.ftprobe.geometry.HullSupport;
import java.util.Map;
import java.util.Objects;

/**
 * What the analyzer knows of a set's place in its run when it analyses it.
 *
 * @param lastStep the run's last step (its manifest's {@code totalSteps}), or -1 when the analyzer has no manifest of
 *     the run
 * @param previous the supports label tracking found for the same series and split at the previous tracked step, by
 *     cluster pair (empty when there are none): the warm starts
 */
public record Checkpoint(long lastStep, Map<ClusterPair, HullSupport> previous) {
    public static final long UNKNOWN = -1;

    public Checkpoint {
        previous = Map.copyOf(Objects.requireNonNull(previous, "previous"));
    }

    public boolean lastStepKnown() {
        return lastStep != UNKNOWN;
    }
}
