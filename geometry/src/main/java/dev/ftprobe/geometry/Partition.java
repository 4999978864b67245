package dev.ftprobe.geometry;

import java.util.Arrays;

/**
 * A partition of the points into clusters, changed only by merges.
 *
 * <p>Cluster ids follow the merge tree: point i starts as cluster i; merge k (0-based, over the whole run) creates
 * cluster N + k. Members are kept as linked lists through one {@code next} array, so a merge is O(1) and the whole
 * partition costs O(N + merges) memory; any state along a merge sequence is rebuilt by replaying it
 * ({@link MergeSequence#replay}) rather than stored.
 */
final class Partition {
    private final int n;
    private final int[] next; // next member point, -1 at the end
    private int[] head; // first member point per cluster id, -1 when not active
    private int[] tail;
    private int[] size;
    private int[] label;
    private int merges;
    private int active;

    Partition(LabelledPoints points, int capacityMerges) {
        n = points.size();
        next = new int[n];
        Arrays.fill(next, -1);
        int cap = n + Math.max(0, capacityMerges);
        head = new int[cap];
        tail = new int[cap];
        size = new int[cap];
        label = new int[cap];
        Arrays.fill(head, -1);
        for (int i = 0; i < n; i++) {
            head[i] = i;
            tail[i] = i;
            size[i] = 1;
            label[i] = points.label(i);
        }
        active = n;
    }

    /**
     * The end state of the phase "to the end" without its merge order: one cluster per label, its members in point
     * order. Which merges led there does not change the state, so the end state can be checked before (and, when it
     * does not overlap, instead of) computing the merge sequence. Cluster ids: a label of one point keeps that point's
     * id.
     */
    static Partition oneClusterPerLabel(LabelledPoints points) {
        Partition p = new Partition(points, points.size());
        for (int[] members : points.pointsByLabel()) {
            int c = members.length > 0 ? members[0] : -1;
            for (int i = 1; i < members.length; i++) {
                c = p.merge(c, members[i]);
            }
        }
        return p;
    }

    /** Merges clusters a and b (same label) into the new cluster {@link #nextId()}; returns its id. */
    int merge(int a, int b) {
        if (!isActive(a) || !isActive(b) || a == b) {
            throw new IllegalStateException("cannot merge " + a + " and " + b);
        }
        if (label[a] != label[b]) {
            throw new IllegalStateException("clusters " + a + " and " + b + " have different labels");
        }
        int c = n + merges;
        if (c >= head.length) {
            int cap = Math.max(head.length * 2, c + 1);
            head = grow(head, cap, -1);
            tail = grow(tail, cap, 0);
            size = grow(size, cap, 0);
            label = grow(label, cap, 0);
        }
        next[tail[a]] = head[b];
        head[c] = head[a];
        tail[c] = tail[b];
        size[c] = size[a] + size[b];
        label[c] = label[a];
        head[a] = -1;
        head[b] = -1;
        merges++;
        active--;
        return c;
    }

    private static int[] grow(int[] a, int cap, int fill) {
        int old = a.length;
        int[] out = Arrays.copyOf(a, cap);
        Arrays.fill(out, old, cap, fill);
        return out;
    }

    int nextId() {
        return n + merges;
    }

    int merges() {
        return merges;
    }

    boolean isActive(int c) {
        return c >= 0 && c < n + merges && head[c] >= 0;
    }

    int size(int c) {
        return size[c];
    }

    int label(int c) {
        return label[c];
    }

    int activeCount() {
        return active;
    }

    /** Active cluster ids in increasing order. */
    int[] activeIds() {
        int[] out = new int[active];
        int k = 0;
        for (int c = 0; c < n + merges; c++) {
            if (head[c] >= 0) {
                out[k++] = c;
            }
        }
        return out;
    }

    /** Member points of cluster c, in list order. */
    int[] members(int c) {
        int[] out = new int[size[c]];
        int k = 0;
        for (int p = head[c]; p >= 0; p = next[p]) {
            out[k++] = p;
        }
        return out;
    }

    /** Cluster id of every point. */
    int[] clusterOfPoints() {
        int[] out = new int[n];
        for (int c = 0; c < n + merges; c++) {
            if (head[c] >= 0) {
                for (int p = head[c]; p >= 0; p = next[p]) {
                    out[p] = c;
                }
            }
        }
        return out;
    }
}
