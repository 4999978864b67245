package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Identical points of different labels: found by hashing, and an overlap without any LP. */
class SharedPointsTest {
    // p0 and p1 (and p5, with -0.0) are one place with labels a and b; p2 and p3 are one place of label a only
    private static final LabelledPoints POINTS = LabelledPoints.ofRows(
            new double[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}, {2, 0}, {-0.0, 0}, {3, 3}},
            new int[] {0, 1, 0, 0, 1, 0, 1},
            List.of("a", "b"));

    @Test
    void onlyIdenticalPointsOfDifferentLabelsGetAClass() {
        assertThat(POINTS.sharedPointClasses()).containsExactly(0, 0, -1, -1, -1, 0, -1);
    }

    @Test
    void clustersHoldingOnePlaceOverlapWithoutAnLp() {
        SeparabilityLp noLp = (p, a, b) -> {
            throw new AssertionError("no LP expected");
        };
        OverlapTester tester = new OverlapTester(POINTS, noLp);
        ClusterShape a = ClusterShape.of(POINTS, 10, 0, new int[] {2, 5});
        ClusterShape b = ClusterShape.of(POINTS, 11, 1, new int[] {1, 4});
        ClusterShape farB = ClusterShape.of(POINTS, 12, 1, new int[] {4, 6});
        assertThat(a.sharedPoints()).containsExactly(0);
        assertThat(tester.cheapOverlap(a, b)).isTrue();
        assertThat(tester.counts()).contains("shared-point=1");
        assertThat(a.sharesAPointWith(farB)).isFalse();
        // the LP agrees: a point in both hulls makes the LP infeasible
        assertThat(new GlopSeparabilityLp().solve(POINTS, a.members(), b.members()))
                .isEmpty();
    }
}
