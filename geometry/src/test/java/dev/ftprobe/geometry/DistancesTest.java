package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class DistancesTest {
    private final HullDistance hull = HullDistance.exact();
    private final HullDistance libsvm = HullDistance.libsvm(1);

    @Test
    void twoPointsAreTheirDistanceApart() {
        LabelledPoints p =
                DirectProbeTest.points(List.of(new double[] {0, 0}, new double[] {3, 4}), List.of(0, 1), "A", "B");
        assertThat(hull.between(p, new int[] {0}, new int[] {1})).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void segmentToPointAndSegmentToSegmentMatchHandDerivedDistances() {
        // segment (0,0)-(2,0) to point (1,3): the perpendicular foot (1,0) is on the segment, so 3
        LabelledPoints p = DirectProbeTest.points(
                List.of(new double[] {0, 0}, new double[] {2, 0}, new double[] {1, 3}), List.of(0, 0, 1), "A", "B");
        assertThat(hull.between(p, new int[] {0, 1}, new int[] {2})).isCloseTo(3.0, within(1e-9));
        // segment x=0, y in [0,2] to segment (3,1)-(4,5): nearest points (0,1) and (3,1), so 3
        LabelledPoints q = DirectProbeTest.points(
                List.of(new double[] {0, 0}, new double[] {0, 2}, new double[] {3, 1}, new double[] {4, 5}),
                List.of(0, 0, 1, 1),
                "A",
                "B");
        assertThat(hull.between(q, new int[] {0, 1}, new int[] {2, 3})).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void parallelSlabsAreTheGapApart() {
        SplittableRandom rnd = new SplittableRandom(4);
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        double gap = 0.75;
        // the facing sides x = 1 and x = 1 + gap are the same 5 x 5 square: the hulls are the gap apart
        for (int corner = 0; corner < 4; corner++) {
            double y = 5 * (corner % 2);
            double z = 5 * (corner / 2);
            rows.add(new double[] {1, y, z});
            labels.add(0);
            rows.add(new double[] {1 + gap, y, z});
            labels.add(1);
        }
        for (int j = 0; j < 40; j++) {
            boolean b = j % 2 == 1;
            double x = b ? 1 + gap + rnd.nextDouble() : rnd.nextDouble();
            rows.add(new double[] {x, 5 * rnd.nextDouble(), 5 * rnd.nextDouble()});
            labels.add(b ? 1 : 0);
        }
        LabelledPoints p = DirectProbeTest.points(rows, labels, "A", "B");
        List<int[]> by = p.pointsByLabel();
        assertThat(hull.between(p, by.get(0), by.get(1))).isCloseTo(gap, within(1e-9));
        assertThat(libsvm.between(p, by.get(0), by.get(1))).isCloseTo(gap, within(1e-3));
    }

    @Test
    void theExactDistanceAgreesWithLibsvmsWhereLibsvmConverges() {
        // Gaussian blob pairs from near to far apart, 16 to 128 dimensions: LIBSVM's C-SVC stops
        // at a tolerance of 1e-3 on its dual, so its 2/||w|| is within a small relative error
        int compared = 0;
        for (int dim : new int[] {16, 64, 128}) {
            for (double spread : new double[] {0.7, 1.5, 3.0}) {
                LabelledPoints p = SyntheticPoints.blobs(2, 60, dim, spread, dim);
                List<int[]> by = p.pointsByLabel();
                double exact = hull.between(p, by.get(0), by.get(1));
                double original = libsvm.between(p, by.get(0), by.get(1));
                if (original == 0) {
                    assertThat(exact).as("dim %d spread %.1f", dim, spread).isLessThan(1e-6);
                    continue;
                }
                assertThat(exact).as("dim %d spread %.1f", dim, spread).isCloseTo(original, within(2e-3 * original));
                // the exact distance is a lower bound of any pair of points' distance
                assertThat(exact)
                        .isLessThanOrEqualTo(Math.sqrt(p.squaredDistance(by.get(0)[0], p.point(by.get(1)[0]))));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theExactDistanceIsTheSameForEitherOrderOfTheSetsAndOfTheirPoints() {
        LabelledPoints p = SyntheticPoints.blobs(2, 80, 32, 1.5, 3);
        List<int[]> by = p.pointsByLabel();
        double d = hull.between(p, by.get(0), by.get(1));
        assertThat(d).isPositive();
        assertThat(hull.between(p, by.get(0), by.get(1))).isEqualTo(d);
        assertThat(hull.between(p, by.get(1), by.get(0))).isCloseTo(d, within(1e-9 * d));
        int[] reversed = by.get(0);
        int[] rev = new int[reversed.length];
        for (int i = 0; i < rev.length; i++) {
            rev[i] = reversed[reversed.length - 1 - i];
        }
        assertThat(hull.between(p, rev, by.get(1))).isCloseTo(d, within(1e-9 * d));
    }

    @Test
    void overlappingSetsAreZeroApartAndPointsInsideAHullAreZeroFromIt() {
        LabelledPoints p = DirectProbeTest.points(
                List.of(new double[] {0, 0}, new double[] {2, 2}, new double[] {2, 0}, new double[] {0, 2}),
                List.of(0, 0, 1, 1),
                "A",
                "B");
        assertThat(hull.between(p, new int[] {0, 1}, new int[] {2, 3})).isEqualTo(0.0);
        assertThat(hull.pointToHull(new double[] {1, 1}, p, new int[] {0, 1, 2, 3}))
                .isEqualTo(0.0);
        assertThat(hull.pointToHull(new double[] {5, 1}, p, new int[] {0, 1, 2, 3}))
                .isCloseTo(3.0, within(1e-3));
    }

    @Test
    void predictionTakesTheLabelOfTheNearestHull() {
        // XOR: label A on the diagonal (0,0)-(10,10) as one cluster, label B split in two corners
        LabelledPoints p = DirectProbeTest.points(
                List.of(
                        new double[] {0, 0},
                        new double[] {1, 1},
                        new double[] {10, 10},
                        new double[] {9, 9},
                        new double[] {10, 0},
                        new double[] {9, 1},
                        new double[] {0, 10},
                        new double[] {1, 9}),
                List.of(0, 0, 0, 0, 1, 1, 1, 1),
                "A",
                "B");
        DirectProbeClusters clusters =
                DirectProbe.builder().optParallelism(2).build().run(p);
        assertThat(clusters.clusterCount()).isEqualTo(3);
        DirectProbePredictor predictor = new DirectProbePredictor(p, clusters, hull);
        // the centre lies inside the hull of whichever label stayed whole
        int whole = Arrays.stream(clusters.clusterLabel()).filter(l -> l == 0).count() == 1 ? 0 : 1;
        assertThat(predictor.predict(new double[] {5, 5})).isEqualTo(whole);
        assertThat(predictor.predict(new double[] {9, 0})).isEqualTo(1);
        assertThat(predictor.predict(new double[] {2, 2.5})).isEqualTo(0);
    }

    @Test
    void labelDistancesOfSeparableBlobs() {
        LabelledPoints p = SyntheticPoints.blobs(3, 20, 4, 10.0, 2);
        GeometryRun run = GeometryAnalysis.builder().optParallelism(2).build().analyze(p, new int[] {3, 7, 12});
        GeometryResult r = run.result();
        assertThat(r.linear()).isTrue();
        assertThat(r.labels()).extracting(LabelGeometry::id).containsExactly(3, 7, 12);
        assertThat(r.labels()).extracting(LabelGeometry::name).containsExactly("L00", "L01", "L02");
        assertThat(r.labels()).extracting(LabelGeometry::clusters).containsExactly(1, 1, 1);
        assertThat(r.distanceVector()).hasSize(3);
        List<int[]> by = p.pointsByLabel();
        assertThat(r.distance(0, 1)).isCloseTo(hull.between(p, by.get(0), by.get(1)), within(1e-9));
        assertThat(r.distance(1, 0)).isEqualTo(r.distance(0, 1));
        assertThat(r.labels().get(0).minDistance()).isEqualTo(Math.min(r.distance(0, 1), r.distance(0, 2)));
        for (double v : r.distanceVector()) {
            assertThat(v).isPositive();
        }
        assertThat(r.indexOf(7)).isEqualTo(1);
        assertThat(r.indexOf(1)).isEqualTo(-1);
        // the same input twice gives an identical result
        GeometryRun again = GeometryAnalysis.builder().optParallelism(1).build().analyze(p, new int[] {3, 7, 12});
        assertThat(again.result()).isEqualTo(r);
        assertThat(again.clusters().clusterOfPoint()).isEqualTo(run.clusters().clusterOfPoint());
        assertThat(run.timings())
                .extracting(DirectProbeClusters.PhaseTiming::phase)
                .contains("label distances");
    }

    @Test
    void pearsonOfAVectorWithItselfAndAPositiveAffineMapIsOne() {
        double[] v = {1.5, 0.2, 3.0, 2.2, 0.9};
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = 3 * v[i] + 7;
        }
        assertThat(Similarity.pearson(v, v).getAsDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(Similarity.pearson(v, w).getAsDouble()).isCloseTo(1.0, within(1e-12));
        double[] neg = v.clone();
        for (int i = 0; i < v.length; i++) {
            neg[i] = -v[i];
        }
        assertThat(Similarity.pearson(v, neg).getAsDouble()).isCloseTo(-1.0, within(1e-12));
        assertThat(Similarity.pearson(v, new double[] {1, 1, 1, 1, 1})).isEmpty();
    }

    @Test
    void similarityIsUndefinedWhenASideIsNotLinear() {
        GeometryAnalysis analysis = GeometryAnalysis.builder().optParallelism(2).build();
        GeometryResult linear =
                analysis.analyze(SyntheticPoints.blobs(3, 20, 4, 10.0, 2)).result();
        GeometryResult notLinear =
                analysis.analyze(SyntheticPoints.blobs(3, 20, 2, 0.2, 2)).result();
        assertThat(notLinear.linear()).isFalse();
        assertThat(Similarity.between(linear, "a", linear, "b").value()).isCloseTo(1.0, within(1e-12));
        Similarity.Result none = Similarity.between(linear, "train", notLinear, "test at step 3");
        assertThat(none.value()).isNull();
        assertThat(none.undefined())
                .isEqualTo("test at step 3 is not linear: " + notLinear.clusters() + " clusters for 3 labels");
    }

    @Test
    void centroidsAndPca() {
        LabelledPoints p = DirectProbeTest.points(
                List.of(new double[] {0, 0, 0}, new double[] {2, 0, 0}, new double[] {4, 4, 4}),
                List.of(1, 1, 0),
                "b",
                "a");
        double[][] c = Movement.centroids(p);
        assertThat(p.labelNames()).containsExactly("b", "a");
        assertThat(c[1]).containsExactly(1, 0, 0);
        assertThat(c[0]).containsExactly(4, 4, 4);
        // points on a line: the first component keeps their distances, the second is zero
        double[][] line = {{0, 0, 0}, {1, 2, 2}, {3, 6, 6}};
        double[][] pc = Movement.pca2d(line);
        assertThat(Math.abs(pc[2][0] - pc[0][0])).isCloseTo(9.0, within(1e-6));
        for (double[] row : pc) {
            assertThat(row[1]).isCloseTo(0.0, within(1e-6));
        }
    }

    @Test
    void movementPathsShareOnePlane() {
        // two labels moving in the plane spanned by (1,0,0,0) and (0,0,1,1)/sqrt(2), embedded in 4-D;
        // label b is absent at the middle step
        double r = Math.sqrt(0.5);
        BiFunction<Double, Double, double[]> in = (x, y) -> new double[] {x, 0, y * r, y * r};
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        paths.put("b", Arrays.asList(in.apply(0.0, 0.0), null, in.apply(-3.0, 1.0)));
        paths.put("a", List.of(in.apply(0.0, 0.0), in.apply(2.0, 1.0), in.apply(5.0, 4.0)));
        Map<String, List<double[]>> flat = Movement.paths2d(paths);
        assertThat(flat.keySet()).containsExactly("b", "a");
        assertThat(flat.get("b").get(1)).isNull();
        // a projection onto the plane the vectors span keeps every distance between them
        List<double[]> all = new ArrayList<>();
        List<double[]> orig = new ArrayList<>();
        for (String l : List.of("a", "b")) {
            for (int k = 0; k < 3; k++) {
                if (flat.get(l).get(k) != null) {
                    all.add(flat.get(l).get(k));
                    orig.add(paths.get(l).get(k));
                }
            }
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                assertThat(ClusterShape.distance(all.get(i), all.get(j)))
                        .isCloseTo(ClusterShape.distance(orig.get(i), orig.get(j)), within(1e-9));
            }
        }
        assertThat(Movement.paths2d(paths).get("a").get(2))
                .containsExactly(flat.get("a").get(2));
        assertThatThrownBy(() -> Movement.paths2d(Map.of("a", List.of(in.apply(1.0, 1.0)))))
                .hasMessageContaining("at least 2 rows");
    }

    @Test
    void badInputIsRejectedWithWhatIsWrong() {
        assertThatThrownBy(() -> LabelledPoints.of(new double[] {1, 2, 3}, 2, new int[] {0, 0}, List.of("A")))
                .hasMessageContaining("3 values");
        assertThatThrownBy(() -> LabelledPoints.of(new double[] {1, Double.NaN}, 2, new int[] {0}, List.of("A")))
                .hasMessageContaining("point 0 dimension 1");
        assertThatThrownBy(() -> LabelledPoints.of(new double[] {1, 2}, 2, new int[] {1}, List.of("A")))
                .hasMessageContaining("label id 1");
    }
}
