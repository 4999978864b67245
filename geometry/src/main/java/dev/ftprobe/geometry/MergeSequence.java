package dev.ftprobe.geometry;

import java.util.Arrays;

/** The merges of a run, in order: merge k joined {@code left(k)} and {@code right(k)} into cluster N + k. */
final class MergeSequence {
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int length;

    void add(int a, int b) {
        if (length == left.length) {
            left = Arrays.copyOf(left, length * 2);
            right = Arrays.copyOf(right, length * 2);
        }
        left[length] = a;
        right[length] = b;
        length++;
    }

    int length() {
        return length;
    }

    int left(int k) {
        return left[k];
    }

    int right(int k) {
        return right[k];
    }

    /** Drops the merges from index {@code k} on. */
    void truncate(int k) {
        length = Math.min(length, k);
    }

    /** The state after the first {@code t} merges, rebuilt from the singletons. */
    Partition replay(LabelledPoints points, int t) {
        Partition p = new Partition(points, t);
        for (int k = 0; k < t; k++) {
            p.merge(left[k], right[k]);
        }
        return p;
    }
}
