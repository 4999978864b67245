package dev.ftprobe.geometry;

/** Whether the convex hulls of two point sets are strictly separable, as far as it could be proved. */
public enum SeparationVerdict {
    /** A hyperplane strictly separates the two sets: the hulls are apart. */
    SEPARABLE,
    /** The hulls meet (within tolerance): not strictly separable. */
    OVERLAP,
    /** Neither could be shown: the hulls are too close to tell apart from touching. */
    UNDECIDED
}
