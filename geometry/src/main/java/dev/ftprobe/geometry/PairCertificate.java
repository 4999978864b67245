package dev.ftprobe.geometry;

/**
 * What one nearest-point solve (and, where it proves nothing, the LP) says about two point sets A and B.
 *
 * @param verdict separable, overlapping, or undecided
 * @param decidedBy which step gave the verdict: the certificate checks of the solve, or the LP after them
 * @param distance the hull distance of the solve ({@link HullDistance#exact()}'s value: 0 within a relative 1e-6)
 * @param converged whether the solve met its optimality test (else {@code distance} is an upper bound)
 * @param normal when SEPARABLE, a w with {@code w . x + offset > 0} on every point of A and {@code < 0} on every point
 *     of B (the certificate's or the LP's); null otherwise
 * @param offset the hyperplane's offset (0 without a normal)
 * @param lowerBound when the certificate proved separability, a proven lower bound on the distance: the gap
 *     {@code min_A w.a - max_B w.b} less its rounding bound, over |w|; NaN otherwise
 * @param upperBound {@code |p - q|} of the support's two convex combinations p in conv(A), q in conv(B) (recomputed
 *     from the points): an upper bound on the distance; NaN if the support had no valid weights
 * @param support the solve's support: the warm start of the same pair at the next step
 * @param lpReason why the LP said OVERLAP or UNDECIDED (its status), empty otherwise
 */
public record PairCertificate(
        SeparationVerdict verdict,
        DecidedBy decidedBy,
        double distance,
        boolean converged,
        double[] normal,
        double offset,
        double lowerBound,
        double upperBound,
        HullSupport support,
        String lpReason) {

    /** Which step decided. */
    public enum DecidedBy {
        /** The hyperplane of the nearest points, verified on every point, or the support's meeting point. */
        CERTIFICATE,
        /** The separability LP, asked because neither certificate held. */
        LP
    }
}
