package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DirectProbeTest {
    private static final DirectProbe PROBE =
            DirectProbe.builder().optParallelism(2).build();

    @Test
    void separableBlobsGiveOneClusterPerLabel() {
        LabelledPoints p = SyntheticPoints.blobs(5, 40, 8, 3.0, 11);
        DirectProbeClusters r = PROBE.run(p);
        assertThat(r.clusterCount()).isEqualTo(5);
        assertThat(r.linear()).isTrue();
        assertThat(r.firstOverlappingMerge()).isEqualTo(-1);
        for (int i = 0; i < p.size(); i++) {
            assertThat(r.clusterLabel()[r.clusterOfPoint()[i]]).isEqualTo(p.label(i));
        }
        // a linear end state needs no merge order: the merges to the end are counted, not computed
        assertThat(r.mergesToEnd()).isEqualTo(p.size() - 5);
        assertThat(r.timings())
                .extracting(DirectProbeClusters.PhaseTiming::phase)
                .doesNotContain("to the end");
    }

    @Test
    void xorGivesThreeClusters() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        double[][] corners = {{0, 0}, {10, 10}, {10, 0}, {0, 10}};
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < 15; j++) {
                rows.add(new double[] {corners[c][0] + rnd.nextDouble(), corners[c][1] + rnd.nextDouble()});
                labels.add(c < 2 ? 0 : 1);
            }
        }
        DirectProbeClusters r = PROBE.run(points(rows, labels, "A", "B"));
        assertThat(r.clusterCount()).isEqualTo(3);
        assertThat(r.linear()).isFalse();
        assertThat(r.mergesToEnd()).isEqualTo(58);
        assertThat(r.timings())
                .extracting(DirectProbeClusters.PhaseTiming::phase)
                .contains("to the end");
        assertNoOverlap(points(rows, labels, "A", "B"), r);
    }

    @Test
    void interleavedPointsOnALineStaySingle() {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int x = 0; x < 10; x++) {
            rows.add(new double[] {x, 0});
            labels.add(x % 2);
        }
        DirectProbeClusters r = PROBE.run(points(rows, labels, "even", "odd"));
        assertThat(r.clusterCount()).isEqualTo(10);
    }

    @Test
    void nestedRingIsSplitAroundTheCore() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
            rows.add(new double[] {rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5});
            labels.add(0);
        }
        for (int j = 0; j < 24; j++) {
            double a = 2 * Math.PI * j / 24;
            rows.add(new double[] {5 * Math.cos(a), 5 * Math.sin(a)});
            labels.add(1);
        }
        LabelledPoints p = points(rows, labels, "core", "ring");
        DirectProbeClusters r = PROBE.run(p);
        int ringClusters = 0;
        for (int c = 0; c < r.clusterCount(); c++) {
            ringClusters += r.clusterLabel()[c] == 1 ? 1 : 0;
        }
        // an arc's hull misses the core only if the arc spans less than half the circle
        assertThat(ringClusters).isGreaterThanOrEqualTo(3);
        assertThat(r.clusterCount() - ringClusters).isEqualTo(1);
        assertNoOverlap(p, r);
    }

    @Test
    void identicalPointsWithDifferentLabelsTerminate() {
        List<double[]> rows =
                List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 0}, new double[] {0, 1});
        List<Integer> labels = List.of(0, 0, 1, 1);
        DirectProbeClusters r = PROBE.run(points(rows, labels, "A", "B"));
        // every merge would put the shared point in a hull with the other label's copy
        assertThat(r.clusterCount()).isEqualTo(4);
    }

    @Test
    void overlappingCaseHasNoOverlappingClusters() {
        LabelledPoints p = SyntheticPoints.blobs(3, 30, 3, 0.4, 21);
        DirectProbeClusters r = PROBE.run(p);
        assertThat(r.linear()).isFalse();
        assertThat(r.firstOverlappingMerge()).isGreaterThanOrEqualTo(0);
        assertNoOverlap(p, r);
    }

    @Test
    void theForwardSearchFindsTheBisectionsFirstOverlappingMerge() {
        DirectProbe bisection = DirectProbe.builder()
                .optParallelism(2)
                .optFirstOverlapSearch(new BisectionSearch(0.05))
                .build();
        int compared = 0;
        for (long seed = 1; seed <= 6; seed++) {
            // from a few overlapping labels in 3 dimensions to many in 16, and a real-sized stride
            LabelledPoints p = seed <= 3
                    ? SyntheticPoints.blobs(3 + (int) seed, 30, 3, 0.4, seed)
                    : SyntheticPoints.blobs(8, 60, 16, 0.1, seed);
            DirectProbeClusters forward = PROBE.run(p);
            DirectProbeClusters original = bisection.run(p);
            assertThat(forward.firstOverlappingMerge()).as("seed %d", seed).isEqualTo(original.firstOverlappingMerge());
            assertThat(forward.clusterOfPoint()).as("seed %d", seed).isEqualTo(original.clusterOfPoint());
            if (forward.firstOverlappingMerge() >= 0) {
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
    }

    @Test
    void anLpThatReachesItsIterationCapIsSolvedByTheNextAttempt() {
        // one iteration for the first attempt: every LP that needs more takes the next attempt,
        // which must give the same answers
        GlopSeparabilityLp normal = new GlopSeparabilityLp();
        List<GlopSeparabilityLp.Attempt> capped = new ArrayList<>(GlopSeparabilityLp.ATTEMPTS);
        capped.set(0, new GlopSeparabilityLp.Attempt(capped.get(0).parameters(), 1e-9));
        GlopSeparabilityLp fallback = new GlopSeparabilityLp(capped);
        for (double spread : new double[] {0.05, 3.0}) {
            LabelledPoints p = SyntheticPoints.blobs(2, 150, 16, spread, 5);
            List<int[]> by = p.pointsByLabel();
            boolean separable = normal.solve(p, by.get(0), by.get(1)).isPresent();
            assertThat(separable).isEqualTo(spread > 1);
            assertThat(fallback.solve(p, by.get(0), by.get(1)).isPresent())
                    .as("spread %.2f", spread)
                    .isEqualTo(separable);
        }
        assertThat(fallback.counts()).contains("lp-retried=2", "lp-undecided=0");
        assertThat(normal.counts()).contains("lp-retried=0", "lp-undecided=0");
    }

    @Test
    void aCancelledLpGivesNoAnswerAndIsNotCountedAsOverlapping() {
        LabelledPoints p = SyntheticPoints.blobs(2, 150, 16, 3.0, 5);
        List<int[]> by = p.pointsByLabel();
        GlopSeparabilityLp lp = new GlopSeparabilityLp();
        OverlapTester tester = new OverlapTester(p, lp);
        ClusterShape a = ClusterShape.of(p, 0, 0, by.get(0));
        ClusterShape b = ClusterShape.of(p, 1, 1, by.get(1));
        assertThat(tester.lpSeparator(a, b)).isPresent();
        LpCancellation cancelled = new LpCancellation();
        cancelled.cancel();
        assertThat(tester.lpSeparator(a, b, cancelled)).isEmpty();
        assertThat(tester.counts()).contains("lp=1 (overlapping 0, undecided 0, cancelled 1)");
        assertThat(lp.counts()).contains("lp-retried=0", "lp-undecided=0");
    }

    @Test
    void anLpThatNoAttemptDecidesCountsAsOverlapping() {
        List<GlopSeparabilityLp.Attempt> capped = GlopSeparabilityLp.ATTEMPTS.stream()
                .map(a -> new GlopSeparabilityLp.Attempt(a.parameters(), 1e-9))
                .toList();
        GlopSeparabilityLp lp = new GlopSeparabilityLp(capped);
        // separable, but not within one iteration of any attempt
        LabelledPoints p = SyntheticPoints.blobs(2, 150, 16, 1.0, 5);
        List<int[]> by = p.pointsByLabel();
        assertThat(new GlopSeparabilityLp().solve(p, by.get(0), by.get(1))).isPresent();
        assertThat(lp.solve(p, by.get(0), by.get(1))).isEmpty();
        assertThat(lp.counts()).contains("lp-retried=2", "lp-undecided=1");
    }

    @Test
    void sameInputGivesIdenticalOutput() {
        LabelledPoints p = SyntheticPoints.blobs(4, 30, 3, 0.4, 8);
        DirectProbeClusters a = PROBE.run(p);
        DirectProbeClusters b = DirectProbe.builder().optParallelism(1).build().run(p);
        assertThat(a.clusterOfPoint()).isEqualTo(b.clusterOfPoint());
        assertThat(a.clusterLabel()).isEqualTo(b.clusterLabel());
    }

    @Test
    void labelOrderDoesNotChangeTheNumberOfClusters() {
        LabelledPoints p = SyntheticPoints.blobs(4, 30, 3, 0.4, 9);
        int[] perm = {2, 0, 3, 1}; // old id -> new id
        List<String> names = new ArrayList<>(List.of("", "", "", ""));
        int[] labels = new int[p.size()];
        double[] data = new double[p.size() * p.dimension()];
        for (int i = 0; i < p.size(); i++) {
            labels[i] = perm[p.label(i)];
            System.arraycopy(p.point(i), 0, data, i * p.dimension(), p.dimension());
        }
        for (int l = 0; l < 4; l++) {
            names.set(perm[l], p.labelNames().get(l));
        }
        LabelledPoints q = LabelledPoints.of(data, p.dimension(), labels, names);
        assertThat(PROBE.run(q).clusterCount()).isEqualTo(PROBE.run(p).clusterCount());
    }

    /** Every pair of clusters of different labels is strictly separable (checked with the LP alone). */
    static void assertNoOverlap(LabelledPoints p, DirectProbeClusters r) {
        SeparabilityLp lp = new GlopSeparabilityLp();
        int[][] m = r.members();
        for (int x = 0; x < m.length; x++) {
            for (int y = x + 1; y < m.length; y++) {
                if (r.clusterLabel()[x] != r.clusterLabel()[y]) {
                    assertThat(lp.solve(p, m[x], m[y]))
                            .as("clusters %d and %d", x, y)
                            .isPresent();
                }
            }
        }
    }

    static LabelledPoints points(List<double[]> rows, List<Integer> labels, String... names) {
        return LabelledPoints.ofRows(
                rows.toArray(new double[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                List.of(names));
    }
}
