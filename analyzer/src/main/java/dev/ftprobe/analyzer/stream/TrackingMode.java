package dev.ftprobe.analyzer.stream;

import java.util.Locale;

/** How the analyzer follows a run from checkpoint to checkpoint ({@code --tracking}). */
public enum TrackingMode {
    /**
     * The paper's per-checkpoint method: one cluster per label, its overlaps and distances only
     * ({@link dev.ftprobe.geometry.LabelTracking}); DirectProbe clusters only at the recluster checkpoints.
     */
    LABELS,
    /** DirectProbe's full clustering of every set, and the distances of its clusters. */
    CLUSTERS;

    /** {@code labels} or {@code clusters}, as the option writes it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TrackingMode parse(String text) {
        for (TrackingMode m : values()) {
            if (m.text().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--tracking must be labels or clusters, got " + text);
    }
}
