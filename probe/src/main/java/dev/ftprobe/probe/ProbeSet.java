package dev.ftprobe.probe;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vectors and class indices as the MLP sees them: row-major {@code float} values (N x d) and one class per point. The
 * classes are the labels present in train, in label id order (as sklearn's {@code LabelBinarizer} takes the sorted
 * labels of y); a test point whose label train lacks has class -1, which no prediction matches.
 */
public final class ProbeSet {
    private final String name;
    private final float[] x;
    private final int size;
    private final int dimension;
    private final int[] classes;

    private ProbeSet(String name, float[] x, int size, int dimension, int[] classes) {
        this.name = name;
        this.x = x;
        this.size = size;
        this.dimension = dimension;
        this.classes = classes;
    }

    /**
     * The set's points with class indices of {@code classLabels} (label ids of the points' label names).
     *
     * @param name the set's name in messages ("train", "test")
     * @throws IllegalArgumentException when a value does not fit a float (it would become infinite)
     */
    public static ProbeSet of(String name, LabelledPoints points, int[] classLabels) {
        int[] classOfLabel = new int[points.labelCount()];
        Arrays.fill(classOfLabel, -1);
        for (int c = 0; c < classLabels.length; c++) {
            classOfLabel[classLabels[c]] = c;
        }
        int n = points.size();
        int d = points.dimension();
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                float v = (float) points.get(i, k);
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(name + " set: point " + (i + 1) + " value " + (k + 1) + " ("
                            + points.get(i, k) + ") does not fit a float");
                }
                x[i * d + k] = v;
            }
            y[i] = classOfLabel[points.label(i)];
        }
        return new ProbeSet(name, x, n, d, y);
    }

    /** The label ids present in {@code train}, ascending: the classes of the probe. */
    public static int[] classLabels(LabelledPoints train) {
        boolean[] present = new boolean[train.labelCount()];
        for (int i = 0; i < train.size(); i++) {
            present[train.label(i)] = true;
        }
        int[] out = new int[train.labelCount()];
        int c = 0;
        for (int l = 0; l < present.length; l++) {
            if (present[l]) {
                out[c++] = l;
            }
        }
        return Arrays.copyOf(out, c);
    }

    /** The labels of {@code test} that {@code train} lacks, with their number of test points, in label id order. */
    public static Map<String, Integer> unseenLabels(LabelledPoints train, LabelledPoints test) {
        int[] known = classLabels(train);
        int[] counts = new int[test.labelCount()];
        for (int i = 0; i < test.size(); i++) {
            if (Arrays.binarySearch(known, test.label(i)) < 0) {
                counts[test.label(i)]++;
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int l = 0; l < counts.length; l++) {
            if (counts[l] > 0) {
                out.put(test.labelNames().get(l), counts[l]);
            }
        }
        return out;
    }

    /** The points at these positions, in this order. */
    public ProbeSet rows(int[] positions) {
        float[] sub = new float[positions.length * dimension];
        int[] y = new int[positions.length];
        for (int j = 0; j < positions.length; j++) {
            System.arraycopy(x, positions[j] * dimension, sub, j * dimension, dimension);
            y[j] = classes[positions[j]];
        }
        return new ProbeSet(name, sub, positions.length, dimension, y);
    }

    public String name() {
        return name;
    }

    /** Row-major values (not a copy). */
    float[] values() {
        return x;
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** Class index of point i, -1 for a label train lacks. */
    public int classOf(int i) {
        return classes[i];
    }

    /** The fraction of points whose class is the predicted one (points of class -1 are always wrong). */
    public double accuracy(int[] predicted) {
        if (predicted.length != size) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + size + " points");
        }
        int right = 0;
        for (int i = 0; i < size; i++) {
            if (classes[i] >= 0 && predicted[i] == classes[i]) {
                right++;
            }
        }
        return (double) right / size;
    }
}
