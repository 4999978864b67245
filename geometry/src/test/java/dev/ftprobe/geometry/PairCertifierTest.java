package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificates checked here from the raw points, independently of the code that found them. */
class PairCertifierTest {
    private static final PairCertifier CERTIFIER = PairCertifier.create();

    @Test
    void separatedSquaresGetAHyperplaneThatHoldsOnEveryPoint() {
        // unit square and the square shifted by (3, 0.5): edge x = 1 to edge x = 3, distance 2
        LabelledPoints p =
                rows(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 0.5}, {4, 0.5}, {3, 1.5}, {4, 1.5}});
        int[] a = {0, 1, 2, 3};
        int[] b = {4, 5, 6, 7};
        PairCertificate c = CERTIFIER.certify(p, a, b, null);
        assertThat(c.verdict()).isEqualTo(SeparationVerdict.SEPARABLE);
        assertThat(c.decidedBy()).isEqualTo(PairCertificate.DecidedBy.CERTIFICATE);
        assertThat(c.distance()).isCloseTo(2.0, within(1e-12));
        assertHyperplaneSeparates(p, a, b, c);
        assertThat(c.lowerBound()).isLessThanOrEqualTo(2.0 + 1e-12).isGreaterThan(2.0 - 1e-9);
        assertThat(c.upperBound()).isGreaterThanOrEqualTo(2.0 - 1e-12).isLessThan(2.0 + 1e-9);
        double[][] pq = convexCombinations(p, a, b, c.support());
        assertThat(distance(pq[0], pq[1])).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void separatedBlobsInManyDimensionsAreCertifiedPointByPoint() {
        LabelledPoints p = SyntheticPoints.blobs(2, 150, 24, 1.2, 6);
        List<int[]> by = p.pointsByLabel();
        PairCertificate c = CERTIFIER.certify(p, by.get(0), by.get(1), null);
        assertThat(c.verdict()).isEqualTo(SeparationVerdict.SEPARABLE);
        assertThat(c.decidedBy()).isEqualTo(PairCertificate.DecidedBy.CERTIFICATE);
        assertHyperplaneSeparates(p, by.get(0), by.get(1), c);
        double[][] pq = convexCombinations(p, by.get(0), by.get(1), c.support());
        // the meeting points realise the distance, the plane's slab bounds it from below
        assertThat(distance(pq[0], pq[1])).isCloseTo(c.distance(), within(1e-9 * c.distance()));
        assertThat(c.lowerBound()).isLessThanOrEqualTo(c.distance() * (1 + 1e-12));
        assertThat(c.lowerBound()).isGreaterThan(c.distance() * (1 - 1e-6));
    }

    @Test
    void crossingAndNestedHullsMeetInOnePoint() {
        // the diagonals of a square cross at (1, 1)
        LabelledPoints x = rows(new double[][] {{0, 0}, {2, 2}, {2, 0}, {0, 2}});
        assertMeet(x, new int[] {0, 1}, new int[] {2, 3});
        // a tetrahedron and a point inside it, plus a point far out
        LabelledPoints t = rows(new double[][] {{0, 0, 0}, {4, 0, 0}, {0, 4, 0}, {0, 0, 4}, {1, 1, 1}, {9, 9, 9}});
        assertMeet(t, new int[] {0, 1, 2, 3}, new int[] {4, 5});
        // overlapping blobs in 16 dimensions
        LabelledPoints o = SyntheticPoints.blobs(2, 100, 16, 0.05, 3);
        List<int[]> by = o.pointsByLabel();
        PairCertificate c = CERTIFIER.certify(o, by.get(0), by.get(1), null);
        assertThat(c.verdict()).isEqualTo(SeparationVerdict.OVERLAP);
        assertThat(new GlopSeparabilityLp().solve(o, by.get(0), by.get(1))).isEmpty();
    }

    @Test
    void aNearTouchingPairIsLeftToTheLp() {
        // the segment (-1,0)-(1,0) with (0,-1) below it, and above it a triangle whose lowest corner is
        // (0, 1e-9): distance 1e-9, inside the band between the overlap tolerance and the separation margin
        double delta = 1e-9;
        LabelledPoints p = rows(new double[][] {{-1, 0}, {1, 0}, {0, -1}, {0, delta}, {0, 1}, {1, 1}});
        int[] a = {0, 1, 2};
        int[] b = {3, 4, 5};
        PairCertificate c = CERTIFIER.certify(p, a, b, null);
        // neither certificate held: the LP decided
        assertThat(c.decidedBy()).isEqualTo(PairCertificate.DecidedBy.LP);
        assertThat(c.distance()).isEqualTo(0.0); // within the solve's zero tolerance
        double[][] pq = convexCombinations(p, a, b, c.support());
        assertThat(distance(pq[0], pq[1])).isCloseTo(delta, within(1e-15));
        // the LP's answer is the one GLOP gives by itself: within its feasibility tolerance a gap of 1e-9 does
        // not separate (the exact answer would be SEPARABLE; DirectProbe's LP says the same today)
        SeparabilityLp.Decision lp = new GlopSeparabilityLp().decide(p, a, b);
        assertThat(c.verdict()).isEqualTo(lp.verdict());
        assertThat(c.verdict()).isEqualTo(SeparationVerdict.OVERLAP);
        assertThat(c.lpReason()).isEqualTo(lp.reason()).isEqualTo("INFEASIBLE");
        assertThat(new GlopSeparabilityLp().solve(p, a, b)).isEmpty();
        // an LP cut short at every attempt leaves it undecided, not overlapping
        List<GlopSeparabilityLp.Attempt> capped = GlopSeparabilityLp.ATTEMPTS.stream()
                .map(x -> new GlopSeparabilityLp.Attempt(x.parameters(), 1e-9))
                .toList();
        PairCertifier short_ = PairCertifier.with(
                new GlopSeparabilityLp(capped), PairCertifier.SEPARATION_MARGIN, PairCertifier.OVERLAP_TOLERANCE);
        PairCertificate u = short_.certify(p, a, b, null);
        assertThat(u.verdict()).isEqualTo(SeparationVerdict.UNDECIDED);
        assertThat(u.decidedBy()).isEqualTo(PairCertificate.DecidedBy.LP);
        assertThat(u.normal()).isNull();
    }

    @Test
    void pairsFarerThanTheMarginOrCloserThanTheToleranceNeedNoLp() {
        // the same shape at 1e-6: certified separable; touching at 0: certified overlapping
        for (double delta : new double[] {1e-6, 0}) {
            LabelledPoints p = rows(new double[][] {{-1, 0}, {1, 0}, {0, -1}, {0, delta}, {0, 1}, {1, 1}});
            PairCertificate c = CERTIFIER.certify(p, new int[] {0, 1, 2}, new int[] {3, 4, 5}, null);
            assertThat(c.decidedBy()).as("delta %g", delta).isEqualTo(PairCertificate.DecidedBy.CERTIFICATE);
            assertThat(c.verdict())
                    .as("delta %g", delta)
                    .isEqualTo(delta > 0 ? SeparationVerdict.SEPARABLE : SeparationVerdict.OVERLAP);
        }
    }

    @Test
    void aWarmStartGivesTheColdVerdictAndDistance() {
        for (double spread : new double[] {1.0, 3.0}) {
            LabelledPoints p = SyntheticPoints.blobs(2, 120, 12, spread, 9);
            List<int[]> by = p.pointsByLabel();
            PairCertificate cold = CERTIFIER.certify(p, by.get(0), by.get(1), null);
            PairCertificate warm = CERTIFIER.certify(p, by.get(0), by.get(1), cold.support());
            assertThat(cold.verdict())
                    .as("spread %.1f", spread)
                    .isEqualTo(spread > 2 ? SeparationVerdict.SEPARABLE : SeparationVerdict.OVERLAP);
            assertThat(warm.verdict()).isEqualTo(cold.verdict());
            assertThat(warm.decidedBy()).isEqualTo(PairCertificate.DecidedBy.CERTIFICATE);
            assertThat(warm.distance()).isCloseTo(cold.distance(), within(1e-9 * cold.distance()));
            if (spread > 2) {
                assertHyperplaneSeparates(p, by.get(0), by.get(1), warm);
            }
        }
    }

    /** Every point of a strictly on the positive side of the certificate's plane, every point of b on the negative. */
    static void assertHyperplaneSeparates(LabelledPoints p, int[] a, int[] b, PairCertificate c) {
        assertThat(c.normal()).isNotNull();
        for (int i : a) {
            assertThat(plain(p.point(i), c.normal()) + c.offset())
                    .as("point %d of A", i)
                    .isPositive();
        }
        for (int i : b) {
            assertThat(plain(p.point(i), c.normal()) + c.offset())
                    .as("point %d of B", i)
                    .isNegative();
        }
    }

    private static void assertMeet(LabelledPoints p, int[] a, int[] b) {
        PairCertificate c = CERTIFIER.certify(p, a, b, null);
        assertThat(c.verdict()).isEqualTo(SeparationVerdict.OVERLAP);
        assertThat(c.decidedBy()).isEqualTo(PairCertificate.DecidedBy.CERTIFICATE);
        assertThat(c.distance()).isEqualTo(0.0);
        double[][] pq = convexCombinations(p, a, b, c.support());
        assertThat(distance(pq[0], pq[1])).isLessThan(1e-12);
    }

    /**
     * The support's two points, recomputed here: its indices must lie in a and b, its weights be nonnegative and sum to
     * 1 (to rounding).
     */
    static double[][] convexCombinations(LabelledPoints p, int[] a, int[] b, HullSupport s) {
        double sum = 0;
        double[] x = new double[p.dimension()];
        double[] y = new double[p.dimension()];
        for (int i = 0; i < s.size(); i++) {
            int ai = s.a()[i];
            int bi = s.b()[i];
            assertThat(Arrays.stream(a).anyMatch(v -> v == ai))
                    .as("support point %d in A", ai)
                    .isTrue();
            assertThat(Arrays.stream(b).anyMatch(v -> v == bi))
                    .as("support point %d in B", bi)
                    .isTrue();
            assertThat(s.weights()[i]).isGreaterThanOrEqualTo(0);
            sum += s.weights()[i];
            for (int k = 0; k < x.length; k++) {
                x[k] += s.weights()[i] * p.get(ai, k);
                y[k] += s.weights()[i] * p.get(bi, k);
            }
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        return new double[][] {x, y};
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += (x[k] - y[k]) * (x[k] - y[k]);
        }
        return Math.sqrt(s);
    }

    private static double plain(double[] x, double[] w) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * w[k];
        }
        return s;
    }

    static LabelledPoints rows(double[][] rows) {
        int[] labels = new int[rows.length];
        return LabelledPoints.ofRows(rows, labels, List.of("x"));
    }
}
