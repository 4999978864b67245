package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link HullDistance#pointDistances}: the same distances as {@link HullDistance#pointToHull}, on any thread. */
class PointDistancesTest {
    @Test
    void sameAsPointToHullFromSeveralThreads() throws InterruptedException, ExecutionException {
        Random r = new Random(3);
        int n = 60;
        int d = 5;
        double[] data = new double[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextGaussian() + (i / d < 30 ? 0 : 3);
        }
        LabelledPoints points = LabelledPoints.of(data, d, new int[n], List.of("x"));
        int[] first = IntStream.range(0, 30).toArray();
        int[] second = IntStream.range(30, 60).toArray();
        double[][] queries = new double[40][d];
        for (int i = 0; i < queries.length; i++) {
            for (int k = 0; k < d; k++) {
                // even queries: the mean of three points of the first cluster (inside its hull); odd: anywhere
                queries[i][k] = i % 2 == 0
                        ? (points.get(i % 30, k) + points.get((i + 7) % 30, k) + points.get((i + 13) % 30, k)) / 3
                        : r.nextGaussian() * 3;
            }
        }
        HullDistance hull = HullDistance.exact();
        HullDistance.PointDistances distances = hull.pointDistances(points);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<double[]>> got = IntStream.range(0, queries.length)
                    .mapToObj(i -> pool.submit(() ->
                            new double[] {distances.toHull(queries[i], first), distances.toHull(queries[i], second)}))
                    .toList();
            int inside = 0;
            for (int i = 0; i < queries.length; i++) {
                double[] expected = {
                    hull.pointToHull(queries[i], points, first), hull.pointToHull(queries[i], points, second)
                };
                assertThat(got.get(i).get()).containsExactly(expected);
                inside += expected[0] == 0 ? 1 : 0;
            }
            assertThat(inside)
                    .as("some queries inside the first hull, some outside")
                    .isBetween(1, 39);
        } finally {
            pool.shutdown();
        }
    }
}
