package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The parallel LPs: every overlap without an early stop, one with it, and the separating planes found. */
class LpPoolTest {
    // A and B cross as an X, and E's vertical segment crosses both; C and D are far from them and each other
    private static final LabelledPoints POINTS = LabelledPoints.ofRows(
            new double[][] {
                {0, 0}, {10, 10}, {1, 1}, {10, 0}, {0, 10}, {9, 1}, {50, 50}, {51, 50}, {-50, 50}, {-50, 51}, {5, -1},
                {5, 11}
            },
            new int[] {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4},
            List.of("A", "B", "C", "D", "E"));

    @Test
    void runsEveryLpOrStopsAtTheFirstOverlap() {
        List<int[]> by = POINTS.pointsByLabel();
        List<ClusterShape> shapes = new ArrayList<>();
        for (int l = 0; l < by.size(); l++) {
            shapes.add(ClusterShape.of(POINTS, l, l, by.get(l)));
        }
        GlopSeparabilityLp lp = new GlopSeparabilityLp();
        List<LpTask> tasks = new ArrayList<>();
        int expectedOverlaps = 0;
        for (int x = 0; x < shapes.size(); x++) {
            for (int y = x + 1; y < shapes.size(); y++) {
                tasks.add(LpTask.of(shapes.get(x), shapes.get(y)));
                expectedOverlaps += lp.solve(POINTS, by.get(x), by.get(y)).isEmpty() ? 1 : 0;
            }
        }
        assertThat(expectedOverlaps).as("A, B and E overlap pairwise").isEqualTo(3);
        try (Workers workers = new Workers(2)) {
            OverlapTester tester = new OverlapTester(POINTS, lp);
            CertifiedPairs certified = new CertifiedPairs();
            LpPool pool = new LpPool(workers, tester, certified);
            Map<LpTask, Hyperplane> separating = new ConcurrentHashMap<>();
            LpPool.Outcome outcome = pool.certify(tasks, false, separating);
            List<LpTask> all = outcome.overlapping();
            assertThat(all).hasSize(expectedOverlaps);
            assertThat(outcome.undecided()).isEmpty();
            assertThat(certified.size())
                    .as("every solve converged and was kept")
                    .isEqualTo(tasks.size());
            assertThat(separating).hasSize(tasks.size() - expectedOverlaps);
            // each plane re-verified point by point, apart from the code that found it
            separating.forEach((t, h) -> {
                for (int i : t.a().members()) {
                    assertThat(plain(POINTS.point(i), h.w()) + h.b()).isPositive();
                }
                for (int i : t.b().members()) {
                    assertThat(plain(POINTS.point(i), h.w()) + h.b()).isNegative();
                }
            });
            assertThat(pool.certify(tasks, true, null).overlapping()).hasSize(1).containsAnyElementsOf(all);
            assertThat(pool.certify(List.of(), true, null).overlaps()).isFalse();
        }
    }

    private static double plain(double[] x, double[] w) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * w[k];
        }
        return s;
    }
}
