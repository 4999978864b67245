package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DirectProbePredictorTest {
    private final HullDistance hull = HullDistance.exact();

    /** The prediction every cluster's exact distance gives: the nearest, the lower cluster number on a tie. */
    private static int unscreened(HullDistance hull, LabelledPoints train, DirectProbeClusters clusters, double[] p) {
        int[][] members = clusters.members();
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int c = 0; c < members.length; c++) {
            double d = hull.pointToHull(p, train, members[c]);
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return clusters.clusterLabel()[best];
    }

    @Test
    void screeningGivesTheAnswerOfSolvingEveryCluster() {
        // overlapping blobs, so that labels need several clusters, and test points in between and far out
        LabelledPoints train = SyntheticPoints.blobs(5, 40, 6, 0.9, 21);
        DirectProbeClusters clusters =
                DirectProbe.builder().optParallelism(2).build().run(train);
        assertThat(clusters.clusterCount()).isGreaterThan(5);
        DirectProbePredictor predictor = new DirectProbePredictor(train, clusters, hull);
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < 120; t++) {
            double[] p = train.point(random.nextInt(train.size())).clone();
            double reach = t % 3 == 0 ? 0.05 : t % 3 == 1 ? 1.0 : 8.0;
            for (int k = 0; k < p.length; k++) {
                p[k] += reach * random.nextGaussian();
            }
            assertThat(predictor.predict(p)).as("test point %d", t).isEqualTo(unscreened(hull, train, clusters, p));
        }
    }

    @Test
    void aTrainPointAndACentroidArePredictedAsTheirCluster() {
        LabelledPoints train = SyntheticPoints.blobs(3, 30, 4, 10.0, 2);
        DirectProbeClusters clusters =
                DirectProbe.builder().optParallelism(1).build().run(train);
        DirectProbePredictor predictor = new DirectProbePredictor(train, clusters, hull);
        for (int i = 0; i < train.size(); i += 7) {
            assertThat(predictor.predict(train.point(i))).isEqualTo(train.label(i));
        }
        int[] members = clusters.members()[1];
        double[] centroid = new double[train.dimension()];
        for (int i : members) {
            for (int k = 0; k < centroid.length; k++) {
                centroid[k] += train.get(i, k) / members.length;
            }
        }
        assertThat(predictor.predict(centroid)).isEqualTo(clusters.clusterLabel()[1]);
    }
}
