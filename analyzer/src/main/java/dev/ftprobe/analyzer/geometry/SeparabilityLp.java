package dev.ftprobe.analyzer.geometry;

import java.util.Optional;

/**
 * The exact overlap test: the feasibility LP "find w, b with w . x + b >= 1 for x in A and <= -1
 * for x in B". Implementations must be thread-safe (independent LPs run in parallel).
 */
interface SeparabilityLp {
    /** A separating hyperplane when the LP is feasible, empty when it is infeasible (the hulls overlap). */
    Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b);

    /** What the solver counted beyond the answers (retries, undecided LPs), for the log; empty if nothing. */
    default String counts() {
        return "";
    }
}
