package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.geometry.ClusterPair;
import dev.ftprobe.geometry.HullSupport;
import java.util.Map;
import java.util.Objects;

/**
 * A set's geometry and, when label tracking computed it, the supports to start the next step's solves from.
 *
 * @param supports the label pairs' supports, or null when the set was not tracked (the stored ones are then kept)
 */
public record Analysed(SetGeometry geometry, Map<ClusterPair, HullSupport> supports) {
    public Analysed {
        Objects.requireNonNull(geometry, "geometry");
    }
}
