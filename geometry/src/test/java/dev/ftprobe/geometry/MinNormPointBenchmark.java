package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nearest-point solver before the corral factor ({@link DenseMinNormPoint}) against today's ({@link MinNormPoint}),
 * cold and warm started, side by side in one JVM, on near-touching Gaussian clusters: unit Gaussians in d dimensions,
 * cut by the plane x0 = 0, one half of A's cloud and one of B's facing each other {@code gap} apart, so that many
 * points of both lie near the gap and the nearest points sit on large faces. The warm start is the previous
 * checkpoint's case: every point moved by up to 0.5 % of its spread, the solve starting from the unmoved pair's
 * support.
 *
 * <p>Opt-in (minutes at 3,000 points per side in 768 dimensions, the old solver taking most): {@code ./mvnw -B -o -pl
 * geometry -am verify -Dtest=MinNormPointBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false},
 * with {@code -Dmnp.dims=768,128 -Dmnp.sizes=1000,2000,3000 -Dmnp.gap=0.01} to change the cases (those are the
 * defaults).
 */
@Tag("opt-in")
class MinNormPointBenchmark {
    @Test
    void denseAgainstFactoredSolver() {
        int[] dims = ints(System.getProperty("mnp.dims", "768,128"));
        int[] sizes = ints(System.getProperty("mnp.sizes", "1000,2000,3000"));
        double gap = Double.parseDouble(System.getProperty("mnp.gap", "0.01"));
        System.out.println("kernel " + DotKernel.backend() + ", gap " + gap);
        System.out.println("| d | points per side | dense ms | dense its | factored ms | factored its | fallbacks"
                + " | screened | support | warm ms | warm its | dense distance | factored distance | warm distance |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int d : dims) {
            for (int n : sizes) {
                SplittableRandom rnd = new SplittableRandom(1000L * d + n);
                LabelledPoints p = nearTouching(rnd, d, n, gap);
                LabelledPoints moved = moved(p, rnd, 0.005, gap);
                int[] a = IntStream.range(0, n).map(i -> 2 * i).toArray();
                int[] b = IntStream.range(0, n).map(i -> 2 * i + 1).toArray();
                // one untimed solve of each warms the JIT up
                MinNormPoint.distance(p, a, b);
                DenseMinNormPoint.distance(p, Arrays.copyOf(a, Math.min(n, 200)), Arrays.copyOf(b, Math.min(n, 200)));
                long t0 = System.nanoTime();
                DenseMinNormPoint.Result dense = DenseMinNormPoint.distance(moved, a, b);
                long t1 = System.nanoTime();
                MinNormPoint.Result factored = MinNormPoint.distance(moved, a, b);
                long t2 = System.nanoTime();
                MinNormPoint.Support previous = MinNormPoint.distance(p, a, b).support();
                long t3 = System.nanoTime();
                MinNormPoint.Result warm = MinNormPoint.distance(moved, a, b, previous);
                long t4 = System.nanoTime();
                // the share of the oracle's dot products that screening skipped
                double screened = factored.screened() / (2.0 * n * (factored.iterations() + 1));
                System.out.printf(
                        "| %d | %d | %.0f | %d | %.0f | %d | %d | %.0f %% | %d | %.0f | %d"
                                + " | %.12g | %.12g | %.12g |%n",
                        d,
                        n,
                        ms(t1 - t0),
                        dense.iterations(),
                        ms(t2 - t1),
                        factored.iterations(),
                        factored.fallbacks(),
                        100 * screened,
                        factored.support().size(),
                        ms(t4 - t3),
                        warm.iterations(),
                        dense.distance(),
                        factored.distance(),
                        warm.distance());
                assertThat(factored.distance()).isCloseTo(dense.distance(), within(1e-6 * dense.distance()));
                assertThat(warm.distance()).isCloseTo(factored.distance(), within(1e-9 * factored.distance()));
            }
        }
    }

    /** Points 2i of A (x0 <= 0), 2i + 1 of B (x0 >= gap); the other coordinates unit Gaussian. */
    static LabelledPoints nearTouching(SplittableRandom rnd, int d, int n, double gap) {
        double[][] rows = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            double[] a = gaussian(rnd, d);
            double[] b = gaussian(rnd, d);
            a[0] = -Math.abs(a[0]);
            b[0] = gap + Math.abs(b[0]);
            rows[2 * i] = a;
            rows[2 * i + 1] = b;
        }
        return LabelledPoints.ofRows(rows, new int[2 * n], List.of("x"));
    }

    private static LabelledPoints moved(LabelledPoints p, SplittableRandom rnd, double by, double gap) {
        double[][] rows = new double[p.size()][];
        for (int i = 0; i < p.size(); i++) {
            rows[i] = p.point(i);
            for (int k = 0; k < rows[i].length; k++) {
                rows[i][k] += by * (2 * rnd.nextDouble() - 1);
            }
        }
        // the halves stay on their sides of the gap
        for (int i = 0; i < p.size(); i++) {
            rows[i][0] = i % 2 == 0 ? Math.min(rows[i][0], 0) : Math.max(rows[i][0], gap);
        }
        return LabelledPoints.ofRows(rows, new int[p.size()], List.of("x"));
    }

    private static double[] gaussian(SplittableRandom rnd, int d) {
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            v[k] = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        return v;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
