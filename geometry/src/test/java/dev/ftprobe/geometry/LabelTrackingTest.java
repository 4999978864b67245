package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label tracking against distances computed by hand. */
class LabelTrackingTest {
    private static final double NAN = Double.NaN;
    // six points of a unit square (corners and the midpoints of two sides): 15 pairs, five at 1, two at sqrt 2,
    // four at 1/2 and four at sqrt(5)/2
    private static final double[][] SQUARE = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0}, {0.5, 1}};
    private static final double INSIDE_MEAN = (7 + 2 * Math.sqrt(2) + 2 * Math.sqrt(5)) / 15;
    private static final double INSIDE_MAX = Math.sqrt(2);
    // label names out of order, so that sorted order (the original's label ids) differs from input ids
    private static final List<String> NAMES = List.of("b", "a", "c", "d");

    /** a: the square; b: it shifted by (bx, 0); c: shifted by (0, 4); d: three points far away (left out). */
    private static LabelledPoints step(double bx) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        add(rows, labels, 1, 0, 0);
        add(rows, labels, 0, bx, 0);
        add(rows, labels, 2, 0, 4);
        for (double[] r : new double[][] {{10, 10}, {11, 10}, {10, 11}}) {
            rows.add(r);
            labels.add(3);
        }
        return LabelledPoints.ofRows(
                rows.toArray(new double[0][]), labels.stream().mapToInt(i -> i).toArray(), NAMES);
    }

    private static void add(List<double[]> rows, List<Integer> labels, int label, double dx, double dy) {
        for (double[] s : SQUARE) {
            rows.add(new double[] {s[0] + dx, s[1] + dy});
            labels.add(label);
        }
    }

    @Test
    void aLinearStepGivesTheHandComputedVectorsUnderBothConventions() {
        // a = [0,1]^2, b = [3,4]x[0,1], c = [0,1]x[4,5]: a-b 2, a-c 3, b-c from (3,1) to (1,4), sqrt 13
        TrackingResult r = LabelTracking.create().track(step(3));
        assertThat(r.labels()).containsExactly("a", "b", "c", "d");
        assertThat(r.keptClusters()).containsExactly(0, 1, 2);
        assertThat(r.leftOutClusters()).containsExactly(3); // label d's only cluster has 3 points
        assertThat(r.labelsWithoutClusters()).containsExactly("d");
        assertThat(r.pairs()).hasSize(3);
        assertThat(r.overlapping()).isFalse();
        assertThat(r.undecided()).isZero();
        assertThat(r.linear()).isTrue();
        double s13 = Math.sqrt(13);
        TrackingVectors strict = r.vectors(TrackingConventions.STRICT);
        // pairs (a,b) (a,c) (a,d) (b,c) (b,d) (c,d)
        assertValues(strict.labelDistances(), 2, 3, NAN, s13, NAN, NAN);
        assertValues(strict.minimumDistances(), 2, 2, 3, NAN);
        assertValues(strict.insideMean(), INSIDE_MEAN, INSIDE_MEAN, INSIDE_MEAN, NAN);
        assertValues(strict.insideMax(), INSIDE_MAX, INSIDE_MAX, INSIDE_MAX, NAN);
        TrackingVectors original = r.vectors(TrackingConventions.ORIGINAL);
        assertThat(original.labels()).containsExactly("a", "b", "c", "d");
        assertValues(original.labelDistances(), 2, 3, 0, s13, 0, 0);
        assertValues(original.minimumDistances(), 2, 2, 3, 0);
        assertValues(original.insideMean(), INSIDE_MEAN, INSIDE_MEAN, INSIDE_MEAN, 0);
        assertValues(original.insideMax(), INSIDE_MAX, INSIDE_MAX, INSIDE_MAX, 0);
        for (PairCertificate c : r.pairs().values()) {
            assertThat(c.verdict()).isEqualTo(SeparationVerdict.SEPARABLE);
        }
    }

    @Test
    void withoutInsideDistancesTheDistancesAreTheSameAndTheInsideValuesUndefined() {
        TrackingResult r = LabelTracking.create().withoutInsideDistances().track(step(3));
        TrackingVectors strict = r.vectors(TrackingConventions.STRICT);
        assertValues(strict.labelDistances(), 2, 3, NAN, Math.sqrt(13), NAN, NAN);
        assertValues(strict.minimumDistances(), 2, 2, 3, NAN);
        assertValues(strict.insideMean(), NAN, NAN, NAN, NAN);
        assertValues(strict.insideMax(), NAN, NAN, NAN, NAN);
        assertThat(r.linear()).isTrue();
    }

    @Test
    void aStepThatStopsBeingLinearIsZeroedOnlyUnderTheOriginalConventions() {
        LabelTracking tracking = LabelTracking.create();
        LabelledPoints first = step(3);
        TrackingResult linear = tracking.track(first);
        TrackedPartition partition = TrackedPartition.oneClusterPerLabel(first);
        // b moves onto a: [0.5,1.5]x[0,1] overlaps [0,1]^2; b-c is now 3 (the x ranges overlap)
        LabelledPoints second = step(0.5);
        TrackingResult r = tracking.track(second, partition, linear.supports());
        assertThat(r.overlapping()).isTrue();
        assertThat(r.linear()).isFalse();
        // input ids: b = 0, a = 1, c = 2
        assertThat(r.pairs().get(new ClusterPair(0, 1)).verdict()).isEqualTo(SeparationVerdict.OVERLAP);
        assertThat(r.pairs().get(new ClusterPair(0, 2)).verdict()).isEqualTo(SeparationVerdict.SEPARABLE);
        assertThat(r.pairs().get(new ClusterPair(1, 2)).verdict()).isEqualTo(SeparationVerdict.SEPARABLE);
        TrackingVectors original = r.vectors(TrackingConventions.ORIGINAL);
        assertValues(original.labelDistances(), 0, 0, 0, 0, 0, 0);
        assertValues(original.minimumDistances(), 0, 0, 0, 0);
        assertValues(original.insideMean(), 0, 0, 0, 0);
        assertValues(original.insideMax(), 0, 0, 0, 0);
        TrackingVectors strict = r.vectors(TrackingConventions.STRICT);
        assertValues(strict.labelDistances(), 0, 3, NAN, 3, NAN, NAN);
        assertValues(strict.minimumDistances(), 0, 0, 3, NAN);
        assertValues(strict.insideMean(), INSIDE_MEAN, INSIDE_MEAN, INSIDE_MEAN, NAN);
        // the warm start changes nothing
        TrackingResult cold = tracking.track(second, partition, Map.of());
        assertThat(cold.vectors(TrackingConventions.STRICT).labelDistances())
                .containsExactly(strict.labelDistances(), within(1e-12));
        assertThat(r.supports().keySet()).containsExactlyElementsOf(r.pairs().keySet());
    }

    @Test
    void aGivenPartitionAveragesOverClusterPairsAndLeavesOutSmallClusters() {
        // 3-D: label x has two clusters, the unit square's six points at z = 0 and at z = 10; label y has
        // six at z = 3 and a cluster of four at z = 20 (left out). x-y: mean of 3 and 7 = 5; y's only kept
        // cluster is 3 from x's nearest one
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> clusters = new ArrayList<>();
        int[][] layout = {{0, 0, 0}, {0, 10, 1}, {1, 3, 2}}; // label, z, cluster
        for (int[] l : layout) {
            for (double[] s : SQUARE) {
                rows.add(new double[] {s[0], s[1], l[1]});
                labels.add(l[0]);
                clusters.add(l[2]);
            }
        }
        for (int i = 0; i < 4; i++) {
            rows.add(new double[] {SQUARE[i][0], SQUARE[i][1], 20});
            labels.add(1);
            clusters.add(3);
        }
        // one point of label x in y's small cluster: still a y cluster by majority
        labels.set(labels.size() - 1, 0);
        LabelledPoints p = LabelledPoints.ofRows(
                rows.toArray(new double[0][]), labels.stream().mapToInt(i -> i).toArray(), List.of("x", "y"));
        TrackedPartition partition =
                TrackedPartition.of(p, clusters.stream().mapToInt(i -> i).toArray());
        assertThat(partition.clusterLabel()).containsExactly(0, 0, 1, 1);
        TrackingResult r = LabelTracking.of(PairCertifier.create(), 2).track(p, partition, null);
        assertThat(r.leftOutClusters()).containsExactly(3);
        assertThat(r.pairs().keySet()).containsExactly(new ClusterPair(0, 2), new ClusterPair(1, 2));
        assertThat(r.pairs().get(new ClusterPair(0, 2)).distance()).isCloseTo(3, within(1e-12));
        assertThat(r.pairs().get(new ClusterPair(1, 2)).distance()).isCloseTo(7, within(1e-12));
        TrackingVectors v = r.vectors(TrackingConventions.ORIGINAL);
        assertValues(v.labelDistances(), 5);
        assertValues(v.minimumDistances(), 5, 5);
        assertValues(v.insideMean(), INSIDE_MEAN, INSIDE_MEAN);
        assertValues(v.insideMax(), INSIDE_MAX, INSIDE_MAX);
        assertThat(r.linear()).isTrue();
    }

    @Test
    void aLabelWhoseClustersAllHaveAtMostFivePointsIsUndefined() {
        // label b's points in two clusters of 5 and 3: both left out; b has no distance under STRICT, zeros under
        // ORIGINAL
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> clusters = new ArrayList<>();
        for (double[] s : SQUARE) {
            rows.add(s);
            labels.add(0);
            clusters.add(0);
        }
        for (int i = 0; i < 8; i++) {
            rows.add(new double[] {5 + i, 0});
            labels.add(1);
            clusters.add(i < 5 ? 1 : 2);
        }
        LabelledPoints p = LabelledPoints.ofRows(
                rows.toArray(new double[0][]), labels.stream().mapToInt(i -> i).toArray(), List.of("a", "b"));
        TrackingResult r = LabelTracking.create()
                .track(
                        p,
                        TrackedPartition.of(
                                p, clusters.stream().mapToInt(i -> i).toArray()),
                        Map.of());
        assertThat(r.leftOutClusters()).containsExactly(1, 2);
        assertThat(r.labelsWithoutClusters()).containsExactly("b");
        assertThat(r.pairs()).isEmpty();
        assertThat(r.overlapping()).isFalse();
        TrackingVectors strict = r.vectors(TrackingConventions.STRICT);
        assertValues(strict.labelDistances(), NAN);
        assertValues(strict.minimumDistances(), NAN, NAN);
        assertValues(strict.insideMean(), INSIDE_MEAN, NAN);
        TrackingVectors original = r.vectors(TrackingConventions.ORIGINAL);
        assertValues(original.labelDistances(), 0);
        assertValues(original.minimumDistances(), 0, 0);
        assertValues(original.insideMean(), INSIDE_MEAN, 0);
        assertValues(original.insideMax(), INSIDE_MAX, 0);
    }

    private static void assertValues(double[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as("entry %d", i).isNaN();
            } else {
                assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(1e-12));
            }
        }
    }
}
