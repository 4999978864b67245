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

    /**
     * The LP's answer in three values: SEPARABLE with a verified separator, OVERLAP where the solver ends the LP as
     * infeasible, UNDECIDED where it cannot tell (an unverifiable solution, or every attempt cut short). {@link #solve}
     * counts the last as overlapping; this keeps it apart. Solvers that cannot tell the two apart answer SEPARABLE or
     * OVERLAP.
     */
    default Decision decide(LabelledPoints points, int[] a, int[] b) {
        Optional<Hyperplane> h = solve(points, a, b);
        return new Decision(h.isPresent() ? SeparationVerdict.SEPARABLE : SeparationVerdict.OVERLAP, h, "");
    }

    /** An answer of {@link #decide}: the verdict, the separator when SEPARABLE, and why when not. */
    record Decision(SeparationVerdict verdict, Optional<Hyperplane> separator, String reason) {}

    /** What the solver counted beyond the answers (retries, undecided LPs), for the log; empty if nothing. */
    default String counts() {
        return "";
    }
}
