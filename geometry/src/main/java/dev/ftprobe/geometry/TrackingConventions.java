package dev.ftprobe.geometry;

/** How label tracking writes what cannot be computed. */
public enum TrackingConventions {
    /**
     * The original's ({@code batch_probing.py}): the full label set, 0 wherever a value is undefined, and every vector
     * all zeros when two clusters overlap.
     */
    ORIGINAL,
    /** ftprobe's: undefined values stay undefined (NaN here, null in records); an overlap keeps the distances. */
    STRICT
}
