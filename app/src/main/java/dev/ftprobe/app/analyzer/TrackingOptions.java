package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.analyzer.stream.TrackingMode;
import dev.ftprobe.geometry.TrackingConventions;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How the analyzer follows a run ({@link TrackingMode}); shared by analyzer, replay and run. */
public final class TrackingOptions {
    public static final String DEFAULT_TRACKING = "labels";
    public static final String DEFAULT_CONVENTIONS = "strict";

    @Option(
            names = "--tracking",
            paramLabel = "labels|clusters",
            description = "labels: the paper's per-checkpoint method, one cluster per label (clusters of at most 5 "
                    + "points left out), only their overlaps and distances computed, DirectProbe's clustering "
                    + "only at the recluster checkpoints; clusters: DirectProbe's clustering of every set. "
                    + "Default: " + DEFAULT_TRACKING + ".")
    String tracking;

    @Option(
            names = "--recluster-every",
            paramLabel = "K",
            description = "Under --tracking labels, DirectProbe also clusters every K-th step, besides step 0 and "
                    + "the run's last step; 0 (the paper's choice, Table 3's first and last cluster counts): only "
                    + "those two. Default: " + GeometrySetAnalysis.DEFAULT_RECLUSTER_EVERY + ".")
    Integer reclusterEvery;

    @Option(
            names = "--conventions",
            paramLabel = "original|strict",
            description = "Under --tracking labels, what cannot be computed: original (the paper's code: every "
                    + "label of the task, 0 where a distance is undefined, all zeros when two labels overlap) or "
                    + "strict (undefined stays null). Default: " + DEFAULT_CONVENTIONS + ".")
    String conventions;

    /** {@code builder} with these options (or the given texts, when read from a configuration) applied. */
    static GeometrySetAnalysis.Builder apply(
            GeometrySetAnalysis.Builder builder, String tracking, Integer reclusterEvery, String conventions) {
        builder.optTracking(TrackingMode.parse(tracking == null ? DEFAULT_TRACKING : tracking));
        if (reclusterEvery != null) {
            builder.optReclusterEvery(reclusterEvery);
        }
        return builder.optConventions(conventions(conventions == null ? DEFAULT_CONVENTIONS : conventions));
    }

    /** {@code builder} with these options applied. */
    public GeometrySetAnalysis.Builder apply(GeometrySetAnalysis.Builder builder) {
        return apply(builder, tracking, reclusterEvery, conventions);
    }

    private static TrackingConventions conventions(String text) {
        for (TrackingConventions c : TrackingConventions.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--conventions must be original or strict, got " + text);
    }
}
