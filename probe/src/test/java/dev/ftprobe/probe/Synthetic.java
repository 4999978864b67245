package dev.ftprobe.probe;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic sets for the probe's tests. */
final class Synthetic {
    private Synthetic() {}

    /** {@code labels} Gaussian blobs (sd 1) in d dimensions whose centres lie 8 apart on the axes: separable. */
    static LabelledPoints blobs(int labels, int perLabel, int d, long seed) {
        Random r = new Random(seed);
        double[] data = new double[labels * perLabel * d];
        int[] ids = new int[labels * perLabel];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % labels;
            for (int k = 0; k < d; k++) {
                data[i * d + k] = r.nextGaussian() + (k == ids[i] % d ? 8 : 0);
            }
        }
        return LabelledPoints.of(data, d, ids, names(labels));
    }

    /**
     * Two labels no line separates: a disc of radius 1 ("in") inside a ring of radii 2..3 ("out"), in 2-D, plus noise
     * dimensions.
     */
    static LabelledPoints rings(int n, int d, long seed) {
        Random r = new Random(seed);
        double[] data = new double[n * d];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 2;
            double radius = ids[i] == 0 ? r.nextDouble() : 2 + r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            data[i * d] = radius * Math.cos(angle);
            data[i * d + 1] = radius * Math.sin(angle);
            for (int k = 2; k < d; k++) {
                data[i * d + k] = 0.1 * r.nextGaussian();
            }
        }
        return LabelledPoints.of(data, d, ids, List.of("in", "out"));
    }

    static List<String> names(int labels) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < labels; l++) {
            out.add("L" + l);
        }
        return out;
    }

    static ProbeSet set(String name, LabelledPoints points, LabelledPoints train) {
        return ProbeSet.of(name, points, ProbeSet.classLabels(train));
    }
}
