package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InsideDistancesTest {
    /** The definition, pair by pair from the coordinates' differences. */
    private static double[] direct(LabelledPoints points, int[] members) {
        double sum = 0;
        double max = 0;
        long pairs = 0;
        for (int x = 0; x < members.length; x++) {
            for (int y = x + 1; y < members.length; y++) {
                double dist = Math.sqrt(points.squaredDistance(members[y], points.point(members[x])));
                sum += dist;
                max = Math.max(max, dist);
                pairs++;
            }
        }
        return new double[] {sum / pairs, max};
    }

    @Test
    void matchesThePairByPairDefinitionOverSeveralRowBlocks() {
        // 2,500 points: three blocks of Gram rows; coordinates offset far from 0 so that cancellation would show
        Random r = new Random(11);
        int n = 2_500;
        int d = 40;
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int k = 0; k < d; k++) {
                row[k] = 50 + r.nextGaussian();
            }
        }
        LabelledPoints points = LabelledPoints.ofRows(rows, new int[n], List.of("A"));
        int[] all = points.pointsByLabel().get(0);
        double[] fast = InsideDistances.meanAndMax(points, all);
        double[] slow = direct(points, all);
        assertThat(fast[0]).isCloseTo(slow[0], within(1e-9 * slow[0]));
        assertThat(fast[1]).isCloseTo(slow[1], within(1e-9 * slow[1]));
    }

    @Test
    void identicalAndNearlyIdenticalPointsGetTheirExactDistance() {
        double[][] rows = {{1e3, 2e3, 3e3}, {1e3, 2e3, 3e3}, {1e3, 2e3, 3e3 + 1e-4}};
        LabelledPoints points = LabelledPoints.ofRows(rows, new int[3], List.of("A"));
        double[] got = InsideDistances.meanAndMax(points, new int[] {0, 1, 2});
        // pairs: 0, 1e-4, 1e-4 (the Gram form alone would give about 1e-5 for the identical pair)
        assertThat(got[0]).isCloseTo(2e-4 / 3, within(1e-12));
        assertThat(got[1]).isCloseTo(1e-4, within(1e-12));
    }

    @Test
    void fewerThanTwoPointsAreUndefined() {
        LabelledPoints points = LabelledPoints.ofRows(new double[][] {{1, 2}}, new int[1], List.of("A"));
        assertThat(InsideDistances.meanAndMax(points, new int[] {0})).containsExactly(Double.NaN, Double.NaN);
    }
}
