package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * N labelled points in d dimensions: the input of every geometry computation.
 *
 * <p>Points are kept in one row-major {@code double[]} (N x d) so that a 17,000 x 768 set costs one array and no
 * per-row objects. Labels are ids into {@link #labelNames()}; a label may have no points (the label set can be larger
 * than the labels present).
 */
public final class LabelledPoints {
    private final double[] data;
    private final int size;
    private final int dimension;
    private final int[] labels;
    private final List<String> labelNames;
    private volatile int[] sharedPointClass; // computed on first use

    private LabelledPoints(double[] data, int size, int dimension, int[] labels, List<String> labelNames) {
        this.data = data;
        this.size = size;
        this.dimension = dimension;
        this.labels = labels;
        this.labelNames = labelNames;
    }

    /**
     * @param data row-major N x d values (not copied; do not change it afterwards)
     * @param dimension d
     * @param labels label id per point, each in [0, labelNames.size())
     * @param labelNames the names of the label ids, distinct
     */
    public static LabelledPoints of(double[] data, int dimension, int[] labels, List<String> labelNames) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (data.length != labels.length * dimension) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected " + labels.length
                    + " points x " + dimension + " dimensions");
        }
        List<String> names = List.copyOf(labelNames);
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("label names are not distinct: " + names);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= names.size()) {
                throw new IllegalArgumentException(
                        "point " + i + " has label id " + labels[i] + " outside [0, " + names.size() + ")");
            }
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException(
                        "point " + (i / dimension) + " dimension " + (i % dimension) + " is not finite: " + data[i]);
            }
        }
        return new LabelledPoints(data, labels.length, dimension, labels.clone(), names);
    }

    /** Builds from rows; every row must have the same length. */
    public static LabelledPoints ofRows(double[][] rows, int[] labels, List<String> labelNames) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        int d = rows[0].length;
        double[] data = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + d);
            }
            System.arraycopy(rows[i], 0, data, i * d, d);
        }
        return of(data, d, labels, labelNames);
    }

    /** The points at these positions (ascending, distinct), in that order, with the same label names. */
    public LabelledPoints subset(int[] positions) {
        double[] sub = new double[positions.length * dimension];
        int[] subLabels = new int[positions.length];
        for (int j = 0; j < positions.length; j++) {
            int i = positions[j];
            if (i < 0 || i >= size || (j > 0 && i <= positions[j - 1])) {
                throw new IllegalArgumentException(
                        "positions must be ascending and in [0, " + size + "), got " + i + " at " + j);
            }
            System.arraycopy(data, i * dimension, sub, j * dimension, dimension);
            subLabels[j] = labels[i];
        }
        return new LabelledPoints(sub, positions.length, dimension, subLabels, labelNames);
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    public int label(int point) {
        return labels[point];
    }

    public List<String> labelNames() {
        return labelNames;
    }

    public int labelCount() {
        return labelNames.size();
    }

    /** Value {@code k} of point {@code i}. */
    public double get(int i, int k) {
        return data[i * dimension + k];
    }

    /** A copy of point {@code i}. */
    public double[] point(int i) {
        return Arrays.copyOfRange(data, i * dimension, (i + 1) * dimension);
    }

    /** Adds point {@code i} to {@code acc}. */
    void addTo(int i, double[] acc) {
        int o = i * dimension;
        for (int k = 0; k < dimension; k++) {
            acc[k] += data[o + k];
        }
    }

    /** The mean of the points of {@code a} and {@code b} together (summed a first, then b). */
    double[] meanOf(int[] a, int[] b) {
        double[] mean = new double[dimension];
        for (int i : a) {
            addTo(i, mean);
        }
        for (int i : b) {
            addTo(i, mean);
        }
        for (int k = 0; k < dimension; k++) {
            mean[k] /= a.length + b.length;
        }
        return mean;
    }

    /** w . x_i, summed as {@link DotKernel} sums. */
    double dot(int i, double[] w) {
        return DotKernel.dot(data, i * dimension, w, dimension);
    }

    /**
     * {@code out[at + j] = w . x_idx[from + j]} for j in [0, to - from), each bit-identical to {@link #dot}. Eight
     * points are summed side by side (the remainder one by one): a single dot product is bound by the latency of its
     * chain of dependent additions, and interleaved chains keep the floating-point units busy.
     */
    void dots(int[] idx, int from, int to, double[] w, double[] out, int at) {
        int[] offsets = new int[8];
        int i = from;
        for (; i + 8 <= to; i += 8) {
            for (int j = 0; j < 8; j++) {
                offsets[j] = idx[i + j] * dimension;
            }
            DotKernel.dots8(data, offsets, w, dimension, out, at + i - from);
        }
        for (; i < to; i++) {
            out[at + i - from] = dot(idx[i], w);
        }
    }

    /** Squared distance of point i to the vector c. */
    double squaredDistance(int i, double[] c) {
        int o = i * dimension;
        double s = 0;
        for (int k = 0; k < dimension; k++) {
            double t = data[o + k] - c[k];
            s += t * t;
        }
        return s;
    }

    /** True when points i and j have exactly the same coordinates. */
    boolean samePoint(int i, int j) {
        for (int k = 0, a = i * dimension, b = j * dimension; k < dimension; k++) {
            if (data[a + k] != data[b + k]) { // == so that 0.0 and -0.0 are the same point
                return false;
            }
        }
        return true;
    }

    /**
     * For each point, the id of its class of identical points when that class holds points of two or more labels, else
     * -1. Ids are numbered in the order of their first point. Two clusters of different labels that hold points of one
     * class overlap: that point is in both hulls.
     */
    int[] sharedPointClasses() {
        int[] out = sharedPointClass;
        if (out == null) {
            int[] groupOf = new int[size]; // groups of identical points
            int[] firstOf = new int[size]; // per group: its first point
            BitSet spansLabels = new BitSet();
            Map<Integer, List<Integer>> groupsByHash = new HashMap<>();
            int groups = 0;
            for (int i = 0; i < size; i++) {
                List<Integer> candidates = groupsByHash.computeIfAbsent(pointHash(i), h -> new ArrayList<>(1));
                int g = -1;
                for (int c : candidates) {
                    if (samePoint(firstOf[c], i)) {
                        g = c;
                        break;
                    }
                }
                if (g < 0) {
                    g = groups++;
                    firstOf[g] = i;
                    candidates.add(g);
                } else if (labels[firstOf[g]] != labels[i]) {
                    spansLabels.set(g);
                }
                groupOf[i] = g;
            }
            int[] classOf = new int[groups];
            for (int g = 0, next = 0; g < groups; g++) {
                classOf[g] = spansLabels.get(g) ? next++ : -1;
            }
            out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = classOf[groupOf[i]];
            }
            sharedPointClass = out;
        }
        return out;
    }

    /** Hash of point i's coordinates, consistent with {@link #samePoint}. */
    int pointHash(int i) {
        int h = 1;
        for (int k = i * dimension, e = k + dimension; k < e; k++) {
            long bits = Double.doubleToLongBits(data[k] == 0.0 ? 0.0 : data[k]);
            h = 31 * h + (int) (bits ^ (bits >>> 32));
        }
        return h;
    }

    /** The points of each label id, in input order. */
    public List<int[]> pointsByLabel() {
        int[] counts = new int[labelNames.size()];
        for (int l : labels) {
            counts[l]++;
        }
        List<int[]> out = new ArrayList<>(counts.length);
        for (int c : counts) {
            out.add(new int[c]);
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < size; i++) {
            out.get(labels[i])[fill[labels[i]]++] = i;
        }
        return Collections.unmodifiableList(out);
    }
}
