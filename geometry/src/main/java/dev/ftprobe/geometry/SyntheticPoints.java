package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic labelled points for tests and benchmarks: one isotropic unit Gaussian blob per label, the blob means
 * drawn as Gaussian vectors scaled by {@code spread}. A large spread gives separable labels; a small one gives
 * overlapping labels (many clusters).
 */
public final class SyntheticPoints {
    private SyntheticPoints() {}

    /**
     * The named benchmark cases: sep-1700x64, sep-17000x768, ovl-3400x128, ovl-8500x128, ovl-17000x128 (17 labels
     * each).
     */
    public static LabelledPoints benchmarkCase(String name, long seed) {
        return switch (name) {
            case "sep-1700x64" -> blobs(17, 100, 64, 0.5, seed);
            case "sep-17000x768" -> blobs(17, 1000, 768, 0.5, seed);
            case "ovl-3400x128" -> blobs(17, 200, 128, 0.03, seed);
            case "ovl-8500x128" -> blobs(17, 500, 128, 0.03, seed);
            // the size of POS on UD PUD's training words with a 128-wide random model
            case "ovl-17000x128" -> blobs(17, 1000, 128, 0.03, seed);
            default ->
                throw new IllegalArgumentException("unknown case '" + name
                        + "'; known: sep-1700x64, sep-17000x768, ovl-3400x128, ovl-8500x128, ovl-17000x128");
        };
    }

    /**
     * @param labels number of labels (named L00, L01, ...)
     * @param perLabel points per label
     * @param dimension d
     * @param spread standard deviation of the blob means' coordinates (the blobs' own is 1)
     */
    public static LabelledPoints blobs(int labels, int perLabel, int dimension, double spread, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] means = new double[labels][dimension];
        for (double[] m : means) {
            for (int k = 0; k < dimension; k++) {
                m[k] = spread * gaussian(rnd);
            }
        }
        int n = labels * perLabel;
        double[] data = new double[n * dimension];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            int l = i % labels; // labels interleaved, as in real data
            lab[i] = l;
            for (int k = 0; k < dimension; k++) {
                data[i * dimension + k] = means[l][k] + gaussian(rnd);
            }
        }
        List<String> names = new ArrayList<>();
        for (int l = 0; l < labels; l++) {
            names.add(String.format("L%02d", l));
        }
        return LabelledPoints.of(data, dimension, lab, names);
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
