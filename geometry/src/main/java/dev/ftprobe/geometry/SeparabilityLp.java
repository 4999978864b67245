package dev.ftprobe.geometry;

import java.util.Optional;

/**
 * The exact overlap test: the feasibility LP "find w, b with w . x + b >= 1 for x in A and <= -1 for x in B".
 * Implementations must be thread-safe (independent LPs run in parallel).
 */
interface SeparabilityLp {
    /** A separating hyperplane when the LP is feasible, empty when it is infeasible (the hulls overlap). */
    Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b);

    /**
     * Like {@link #solve(LabelledPoints, int[], int[])}, but may stop early when {@code cancel} is cancelled; the
     * result of a cancelled solve means nothing. Solvers that cannot be interrupted just solve.
     */
    default Optional<Hyperplane> solve(LabelledPoints points, int[] a, int[] b, LpCancellation cancel) {
        return solve(points, a, b);
    }

    /** What the solver counted beyond the answers (retries, undecided LPs), for the log; empty if nothing. */
    default String counts() {
        return "";
    }
}
