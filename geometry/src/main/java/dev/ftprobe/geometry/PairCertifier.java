package dev.ftprobe.geometry;

import java.util.Optional;

/**
 * Decides whether the hulls of two point sets A and B are strictly separable from one nearest-point solve
 * ({@link MinNormPoint}), asking the exact LP only where the solve proves neither answer.
 *
 * <p>The solve gives convex weights of a point p of conv(A) and q of conv(B) (its support), recomputed here from the
 * raw points; w = p - q is the nearest point of conv(A) - conv(B). Then, in order:
 *
 * <ol>
 *   <li>SEPARABLE when every point of A and of B is on its side of the hyperplane of normal w with room to spare:
 *       {@code min_A w.a - max_B w.b > rounding + SEPARATION_MARGIN * |w| * R}, where R is the largest distance of a
 *       point of the pair from their mean and {@code rounding = 4 gamma_d |w| max |x|} bounds the error of the computed
 *       dot products (gamma_d = d u / (1 - d u), u = 2^-53, twice over for safety). The exact gap is then positive: a
 *       proof, and it shows the distance is at least a relative SEPARATION_MARGIN of R. The plane lies halfway between
 *       the two extremes.
 *   <li>OVERLAP when p and q coincide within {@code OVERLAP_TOLERANCE * R} (plus the rounding of the two convex
 *       combinations): the hulls meet within that tolerance.
 *   <li>UNDECIDED otherwise: then the {@link SeparabilityLp}'s three-valued {@link SeparabilityLp#decide} answers, and
 *       its UNDECIDED stays UNDECIDED (never counted as an overlap).
 * </ol>
 *
 * The margins leave a band of distances between {@code OVERLAP_TOLERANCE * R} and {@code SEPARATION_MARGIN * R} where
 * only the LP decides (near-touching hulls), as DirectProbe's LP decides every pair today. A solve stopped because |x|
 * fell under its own zero tolerance (a relative 1e-6, {@link MinNormPoint}) before x reached the origin gives neither
 * certificate either, and also goes to the LP.
 *
 * <p>Thread-safe. The LP (GLOP's native library) is loaded only when a pair first needs it.
 */
public final class PairCertifier {
    /** Relative room the separating hyperplane must leave, in units of the pair's radius R. */
    public static final double SEPARATION_MARGIN = 1e-8;
    /** How close the two nearest points must be for an overlap, in units of R. */
    public static final double OVERLAP_TOLERANCE = 1e-10;

    private static final double U = 0x1p-53;

    private final SeparabilityLp lp;
    private final double separationMargin;
    private final double overlapTolerance;

    private PairCertifier(SeparabilityLp lp, double separationMargin, double overlapTolerance) {
        this.lp = lp;
        this.separationMargin = separationMargin;
        this.overlapTolerance = overlapTolerance;
    }

    /** With GLOP ({@link GlopSeparabilityLp}) as the LP and the default margins. */
    public static PairCertifier create() {
        return new PairCertifier(null, SEPARATION_MARGIN, OVERLAP_TOLERANCE);
    }

    /** With another LP or margins (relative to R). */
    static PairCertifier with(SeparabilityLp lp, double separationMargin, double overlapTolerance) {
        return new PairCertifier(lp, separationMargin, overlapTolerance);
    }

    private static final class Glop {
        static final SeparabilityLp LP = new GlopSeparabilityLp();
    }

    private SeparabilityLp lp() {
        return lp != null ? lp : Glop.LP;
    }

    /** Certifies A = {@code a} against B = {@code b} (point indices, non-empty), solving from {@code start}. */
    public PairCertificate certify(LabelledPoints points, int[] a, int[] b, HullSupport start) {
        return certify(points, a, b, start, new LpCancellation());
    }

    /**
     * Like {@link #certify(LabelledPoints, int[], int[], HullSupport)}, but returns null instead of asking the LP when
     * {@code cancel} is cancelled by then (the answer is no longer needed).
     */
    PairCertificate certify(LabelledPoints points, int[] a, int[] b, HullSupport start, LpCancellation cancel) {
        MinNormPoint.Result r = MinNormPoint.distance(points, a, b, start == null ? null : start.toSupport());
        HullSupport support = HullSupport.of(r.support());
        double[][] pq = nearestPoints(points, support);
        double upper = Double.NaN;
        if (pq != null) {
            double[] w = minus(pq[0], pq[1]);
            double nw = Math.sqrt(dot(w, w));
            upper = nw;
            double[] radii = radii(points, a, b);
            if (nw > 0) {
                PairCertificate sep = separation(points, a, b, w, nw, radii, r, support);
                if (sep != null) {
                    return sep;
                }
            }
            double rounding = 4 * (support.size() + 2) * U * radii[1];
            if (nw <= overlapTolerance * radii[0] + rounding) {
                return new PairCertificate(
                        SeparationVerdict.OVERLAP,
                        PairCertificate.DecidedBy.CERTIFICATE,
                        r.distance(),
                        r.converged(),
                        null,
                        0,
                        Double.NaN,
                        nw,
                        support,
                        "");
            }
        }
        if (cancel.isCancelled()) {
            return null;
        }
        SeparabilityLp.Decision d = lp().decide(points, a, b);
        Optional<Hyperplane> h = d.separator();
        return new PairCertificate(
                d.verdict(),
                PairCertificate.DecidedBy.LP,
                r.distance(),
                r.converged(),
                h.map(Hyperplane::w).orElse(null),
                h.map(Hyperplane::b).orElse(0.0),
                Double.NaN,
                upper,
                support,
                d.reason());
    }

    /** The hyperplane of normal w when it separates with the margin, else null. */
    private PairCertificate separation(
            LabelledPoints points,
            int[] a,
            int[] b,
            double[] w,
            double nw,
            double[] radii,
            MinNormPoint.Result r,
            HullSupport support) {
        int d = points.dimension();
        double gammaD = d * U / (1 - d * U);
        double rounding = 4 * gammaD * nw * radii[1];
        double minA = extreme(points, a, w, true);
        double maxB = extreme(points, b, w, false);
        double gap = minA - maxB;
        if (!(gap > rounding + separationMargin * nw * radii[0])) {
            return null;
        }
        return new PairCertificate(
                SeparationVerdict.SEPARABLE,
                PairCertificate.DecidedBy.CERTIFICATE,
                r.distance(),
                r.converged(),
                w,
                -(minA + maxB) / 2,
                (gap - rounding) / nw,
                nw,
                support,
                "");
    }

    /** The smallest (or largest) w . x over the points of idx. */
    private static double extreme(LabelledPoints points, int[] idx, double[] w, boolean min) {
        double[] v = new double[Math.max(8, idx.length)];
        points.dots(idx, 0, idx.length, w, v, 0);
        double e = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < idx.length; i++) {
            e = min ? Math.min(e, v[i]) : Math.max(e, v[i]);
        }
        return e;
    }

    /**
     * The support's two convex combinations {p, q}, weights normalised to sum 1, from the raw points; null when a
     * weight is negative or not finite or all are zero.
     */
    static double[][] nearestPoints(LabelledPoints points, HullSupport s) {
        double sum = 0;
        for (double w : s.weights()) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                return null;
            }
            sum += w;
        }
        if (!(sum > 0)) {
            return null;
        }
        int d = points.dimension();
        double[] p = new double[d];
        double[] q = new double[d];
        for (int i = 0; i < s.size(); i++) {
            double w = s.weights()[i] / sum;
            for (int k = 0; k < d; k++) {
                p[k] += w * points.get(s.a()[i], k);
                q[k] += w * points.get(s.b()[i], k);
            }
        }
        return new double[][] {p, q};
    }

    /** {R, max |x|}: the pair's largest distance from its mean, and its largest norm. */
    private static double[] radii(LabelledPoints points, int[] a, int[] b) {
        double[] mean = points.meanOf(a, b);
        double[] zero = new double[points.dimension()];
        double r2 = 0;
        double n2 = 0;
        for (int[] set : new int[][] {a, b}) {
            for (int i : set) {
                r2 = Math.max(r2, points.squaredDistance(i, mean));
                n2 = Math.max(n2, points.squaredDistance(i, zero));
            }
        }
        return new double[] {Math.sqrt(r2), Math.sqrt(n2)};
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = x[k] - y[k];
        }
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k];
        }
        return s;
    }
}
