package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The nearest-point solver with the updated corral factor: hand-derived cases, the dense solver, warm starts. */
class MinNormPointTest {
    @Test
    void handDerivedDistances() {
        // triangle (0,0,0), (2,0,0), (0,2,0) to the point (0.5,0.5,3): the foot (0.5,0.5,0) is inside, so 3
        LabelledPoints p = rows(new double[][] {{0, 0, 0}, {2, 0, 0}, {0, 2, 0}, {0.5, 0.5, 3}});
        assertDistance(p, new int[] {0, 1, 2}, new int[] {3}, 3.0);
        // the same triangle to (3,3,0): nearest is the edge's midpoint (1,1,0), so 2 sqrt 2
        LabelledPoints q = rows(new double[][] {{0, 0, 0}, {2, 0, 0}, {0, 2, 0}, {3, 3, 0}});
        assertDistance(q, new int[] {0, 1, 2}, new int[] {3}, 2 * Math.sqrt(2));
        // unit square and the square shifted by (3, 0.5) in 2-D: edge x = 1 to edge x = 3, so 2
        LabelledPoints s =
                rows(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 0.5}, {4, 0.5}, {3, 1.5}, {4, 1.5}});
        assertDistance(s, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}, 2.0);
        // two skew segments in 3-D, (0,0,0)-(1,0,0) and (0,1,1)-(0,1,-1): nearest (0,0,0) and (0,1,0), so 1
        LabelledPoints t = rows(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 1, 1}, {0, 1, -1}});
        assertDistance(t, new int[] {0, 1}, new int[] {2, 3}, 1.0);
        // a crossing: the diagonals of a square meet, so 0
        LabelledPoints x = rows(new double[][] {{0, 0}, {2, 2}, {2, 0}, {0, 2}});
        assertThat(MinNormPoint.distance(x, new int[] {0, 1}, new int[] {2, 3}).distance())
                .isEqualTo(0.0);
    }

    @Test
    void aVertexNearlyInTheCorralsAffineHullStillMovesTheNearestPoint() {
        // the segment (-1,1)-(1,1) and (0.3, 1 - delta) to the origin: the third vertex is off the segment's line
        // by delta, too little for the factor (it enters the dense solve), and the nearest point moves to the
        // edge towards (1,1): 1 - 0.7692... delta (mpmath, 40 digits)
        double[] deltas = {1e-4, 1e-6, 1e-7, 1e-9};
        double[] exact = {0.99992307396472464, 0.99999923076893491, 0.99999992307692012, 0.99999999923076923};
        for (int c = 0; c < deltas.length; c++) {
            LabelledPoints p = rows(new double[][] {{-1, 1}, {1, 1}, {0.3, 1 - deltas[c]}, {0, 0}});
            MinNormPoint.Result r = MinNormPoint.distance(p, new int[] {0, 1, 2}, new int[] {3});
            assertThat(r.converged()).isTrue();
            assertThat(r.distance()).as("delta %g", deltas[c]).isCloseTo(exact[c], within(1e-12));
            // 1e-4 off the line is well within the factor's reach, 1e-6 is not
            assertThat(r.fallbacks() > 0).as("delta %g", deltas[c]).isEqualTo(deltas[c] <= 1e-6);
            assertThat(DenseMinNormPoint.distance(p, new int[] {0, 1, 2}, new int[] {3})
                            .distance())
                    .isCloseTo(exact[c], within(1e-12));
        }
    }

    @Test
    void theSupportIsACertificateOfTheDistance() {
        LabelledPoints p = SyntheticPoints.blobs(2, 150, 24, 1.2, 6);
        List<int[]> by = p.pointsByLabel();
        MinNormPoint.Result r = MinNormPoint.distance(p, by.get(0), by.get(1));
        assertThat(r.converged()).isTrue();
        assertThat(r.distance()).isPositive();
        MinNormPoint.Support s = r.support();
        double sum = 0;
        double[] x = new double[p.dimension()];
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.weights()[i]).isPositive();
            assertThat(by.get(0)).contains(s.a()[i]);
            assertThat(by.get(1)).contains(s.b()[i]);
            sum += s.weights()[i];
            for (int k = 0; k < x.length; k++) {
                x[k] += s.weights()[i] * (p.get(s.a()[i], k) - p.get(s.b()[i], k));
            }
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        double norm = Math.sqrt(CorralFactorTest.dot(x, x));
        assertThat(norm).isCloseTo(r.distance(), within(1e-9 * r.distance()));
        // x separates: every a is at least |x|^2 further along x than every b, up to the tolerance
        double minA =
                Arrays.stream(by.get(0)).mapToDouble(i -> p.dot(i, x)).min().orElseThrow();
        double maxB =
                Arrays.stream(by.get(1)).mapToDouble(i -> p.dot(i, x)).max().orElseThrow();
        assertThat(minA - maxB).isCloseTo(norm * norm, within(1e-9 * norm * norm));
    }

    @Test
    void theFactoredSolverAgreesWithTheDenseOneOnBlobPairs() {
        int positive = 0;
        for (int dim : new int[] {2, 8, 32, 128}) {
            for (double spread : new double[] {0.2, 0.7, 1.5, 4.0}) {
                for (int n : new int[] {5, 60, 300}) {
                    LabelledPoints p = SyntheticPoints.blobs(2, n, dim, spread, 31L * dim + n);
                    List<int[]> by = p.pointsByLabel();
                    MinNormPoint.Result fresh = MinNormPoint.distance(p, by.get(0), by.get(1));
                    DenseMinNormPoint.Result old = DenseMinNormPoint.distance(p, by.get(0), by.get(1));
                    String what = String.format("d=%d spread %.1f n=%d", dim, spread, n);
                    assertThat(fresh.converged()).as(what).isEqualTo(old.converged());
                    assertThat(fresh.distance())
                            .as(what)
                            .isCloseTo(old.distance(), within(1e-9 * (old.distance() + 1e-6)));
                    assertThat(fresh.fallbacks()).as(what).isZero();
                    positive += old.distance() > 0 ? 1 : 0;
                }
            }
        }
        assertThat(positive).isGreaterThan(20);
    }

    @Test
    void warmStartsGiveTheColdDistance() {
        SplittableRandom rnd = new SplittableRandom(17);
        LabelledPoints p = SyntheticPoints.blobs(2, 400, 64, 0.6, 9);
        List<int[]> by = p.pointsByLabel();
        MinNormPoint.Result cold = MinNormPoint.distance(p, by.get(0), by.get(1));
        assertThat(cold.distance()).isPositive();
        // from its own support: the same point at once
        MinNormPoint.Result again = MinNormPoint.distance(p, by.get(0), by.get(1), cold.support());
        assertThat(again.distance()).isCloseTo(cold.distance(), within(1e-9 * cold.distance()));
        assertThat(again.iterations()).isLessThanOrEqualTo(1);
        // the next checkpoint: every point moved a little; the previous support is a start
        LabelledPoints moved = perturbed(p, rnd, 0.05);
        MinNormPoint.Result next = MinNormPoint.distance(moved, by.get(0), by.get(1));
        MinNormPoint.Result warm = MinNormPoint.distance(moved, by.get(0), by.get(1), cold.support());
        assertThat(warm.distance()).isCloseTo(next.distance(), within(1e-9 * next.distance()));
        assertThat(warm.converged()).isTrue();
        // a merged cluster: the union of its parts' supports
        int[] first = Arrays.copyOfRange(by.get(0), 0, 200);
        int[] second = Arrays.copyOfRange(by.get(0), 200, 400);
        MinNormPoint.Support s1 = MinNormPoint.distance(p, first, by.get(1)).support();
        MinNormPoint.Support s2 = MinNormPoint.distance(p, second, by.get(1)).support();
        MinNormPoint.Result merged = MinNormPoint.distance(p, by.get(0), by.get(1), union(s1, s2));
        assertThat(merged.distance()).isCloseTo(cold.distance(), within(1e-9 * cold.distance()));
        // a start that names points outside the sets, and repeats: those are left out
        MinNormPoint.Support odd = new MinNormPoint.Support(
                new int[] {by.get(1)[0], by.get(0)[3], by.get(0)[3]},
                new int[] {by.get(1)[1], by.get(1)[5], by.get(1)[5]},
                new double[3]);
        MinNormPoint.Result fromOdd = MinNormPoint.distance(p, by.get(0), by.get(1), odd);
        assertThat(fromOdd.distance()).isCloseTo(cold.distance(), within(1e-9 * cold.distance()));
    }

    @Test
    void warmStartsOfOverlappingSetsFindTheOverlap() {
        LabelledPoints p = SyntheticPoints.blobs(2, 200, 8, 0.1, 2);
        List<int[]> by = p.pointsByLabel();
        MinNormPoint.Result cold = MinNormPoint.distance(p, by.get(0), by.get(1));
        assertThat(cold.distance()).isZero();
        LabelledPoints far = SyntheticPoints.blobs(2, 200, 8, 3.0, 2);
        MinNormPoint.Support elsewhere =
                MinNormPoint.distance(far, by.get(0), by.get(1)).support();
        assertThat(MinNormPoint.distance(p, by.get(0), by.get(1), elsewhere).distance())
                .isZero();
    }

    @Test
    void theDenseFallbackGivesTheSameDistanceWhenForcedAtEveryStep() {
        LabelledPoints p = SyntheticPoints.blobs(2, 120, 40, 0.8, 12);
        List<int[]> by = p.pointsByLabel();
        MinNormPoint.Result factored = MinNormPoint.distance(p, by.get(0), by.get(1));
        // a negative tolerance fails every check of the factor's answer: rebuilds, then the dense solve
        MinNormPoint.Result forced = MinNormPoint.distance(p, by.get(0), by.get(1), null, -1, true);
        assertThat(factored.fallbacks()).isZero();
        assertThat(forced.fallbacks()).isGreaterThan(factored.iterations() / 2);
        assertThat(forced.distance()).isCloseTo(factored.distance(), within(1e-9 * factored.distance()));
        assertThat(forced.distance())
                .isCloseTo(
                        DenseMinNormPoint.distance(p, by.get(0), by.get(1)).distance(),
                        within(1e-9 * factored.distance()));
    }

    @Test
    void screeningSkipsDotProductsAndChangesNothing() {
        long skipped = 0;
        SplittableRandom rnd = new SplittableRandom(3);
        List<LabelledPoints> cases = List.of(
                SyntheticPoints.blobs(2, 300, 16, 0.8, 1),
                SyntheticPoints.blobs(2, 500, 64, 0.5, 2),
                SyntheticPoints.blobs(2, 200, 128, 0.1, 3),
                nearTouching(rnd, 48, 400, 30, 1e-3));
        for (LabelledPoints p : cases) {
            int[][] sides = p.labelCount() == 2
                    ? p.pointsByLabel().toArray(new int[0][])
                    : new int[][] {
                        IntStream.range(0, 400).map(i -> 2 * i).toArray(),
                        IntStream.range(0, 400).map(i -> 2 * i + 1).toArray()
                    };
            MinNormPoint.Result screened = MinNormPoint.distance(p, sides[0], sides[1], null, Corral.RESIDUAL, true);
            MinNormPoint.Result full = MinNormPoint.distance(p, sides[0], sides[1], null, Corral.RESIDUAL, false);
            assertThat(full.screened()).isZero();
            // the same oracle answers at every step: the same path, to the bit
            assertThat(screened.distance()).isEqualTo(full.distance());
            assertThat(screened.iterations()).isEqualTo(full.iterations());
            assertThat(screened.support().a()).isEqualTo(full.support().a());
            assertThat(screened.support().b()).isEqualTo(full.support().b());
            assertThat(screened.support().weights()).isEqualTo(full.support().weights());
            skipped += screened.screened();
        }
        assertThat(skipped).isPositive();
    }

    @Test
    void aCraftedNearTouchingPairIsItsGapApart() {
        // two 300-point clouds in 96-D whose facing sides are the same 60 points, in the planes x0 = 0 and x0 = gap:
        // the hulls are exactly the gap apart, with the nearest points anywhere on a 59-dimensional face
        SplittableRandom rnd = new SplittableRandom(23);
        for (double gap : new double[] {1e-1, 1e-3, 1e-6, 1e-9}) {
            LabelledPoints p = nearTouching(rnd, 96, 300, 60, gap);
            int[] a = IntStream.range(0, 300).map(i -> 2 * i).toArray();
            int[] b = IntStream.range(0, 300).map(i -> 2 * i + 1).toArray();
            MinNormPoint.Result r = MinNormPoint.distance(p, a, b);
            double old = DenseMinNormPoint.distance(p, a, b).distance();
            assertThat(r.converged()).as("gap %g", gap).isTrue();
            assertThat(r.distance()).as("gap %g", gap).isCloseTo(gap, within(1e-9 * gap));
            assertThat(old).as("gap %g", gap).isCloseTo(gap, within(1e-6 * gap));
            MinNormPoint.Result warm = MinNormPoint.distance(p, a, b, r.support());
            assertThat(warm.distance()).isCloseTo(r.distance(), within(1e-9 * gap));
        }
    }

    /** Points 2i of A, 2i + 1 of B; the first {@code face} of each side share their other coordinates. */
    private static LabelledPoints nearTouching(SplittableRandom rnd, int d, int n, int face, double gap) {
        double[][] rows = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            double[] a = CorralFactorTest.gaussian(rnd, d);
            double[] b = i < face ? a.clone() : CorralFactorTest.gaussian(rnd, d);
            a[0] = i < face ? 0 : -Math.abs(a[0]) - 1e-3;
            b[0] = i < face ? gap : gap + Math.abs(b[0]) + 1e-3;
            rows[2 * i] = a;
            rows[2 * i + 1] = b;
        }
        return rows(rows);
    }

    @Test
    void theResultIsTheSameWhicheverThreadComputesIt() throws Exception {
        LabelledPoints p = SyntheticPoints.blobs(2, 200, 48, 0.9, 4);
        List<int[]> by = p.pointsByLabel();
        double here = MinNormPoint.distance(p, by.get(0), by.get(1)).distance();
        double[] there = new double[1];
        Thread t = new Thread(
                () -> there[0] = MinNormPoint.distance(p, by.get(0), by.get(1)).distance());
        t.start();
        t.join();
        assertThat(there[0]).isEqualTo(here);
    }

    private static void assertDistance(LabelledPoints p, int[] a, int[] b, double expected) {
        MinNormPoint.Result r = MinNormPoint.distance(p, a, b);
        assertThat(r.converged()).isTrue();
        assertThat(r.distance()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(MinNormPoint.distance(p, b, a).distance()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(MinNormPoint.distance(p, a, b, r.support()).distance()).isCloseTo(expected, within(1e-9 * expected));
    }

    private static LabelledPoints rows(double[][] rows) {
        return LabelledPoints.ofRows(rows, new int[rows.length], List.of("x"));
    }

    private static LabelledPoints perturbed(LabelledPoints p, SplittableRandom rnd, double by) {
        double[][] rows = new double[p.size()][];
        int[] labels = new int[p.size()];
        for (int i = 0; i < p.size(); i++) {
            rows[i] = p.point(i);
            for (int k = 0; k < rows[i].length; k++) {
                rows[i][k] += by * (rnd.nextDouble() - 0.5);
            }
            labels[i] = p.label(i);
        }
        return LabelledPoints.ofRows(rows, labels, p.labelNames());
    }

    private static MinNormPoint.Support union(MinNormPoint.Support s, MinNormPoint.Support t) {
        int n = s.size() + t.size();
        int[] a = Arrays.copyOf(s.a(), n);
        int[] b = Arrays.copyOf(s.b(), n);
        System.arraycopy(t.a(), 0, a, s.size(), t.size());
        System.arraycopy(t.b(), 0, b, s.size(), t.size());
        return new MinNormPoint.Support(a, b, new double[n]);
    }
}
