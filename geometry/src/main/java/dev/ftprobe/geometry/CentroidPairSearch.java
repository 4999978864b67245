package dev.ftprobe.geometry;

import java.util.HashSet;
import java.util.Set;

/**
 * The closest pair of centroids among the clusters of one label, kept up to date under merges and discards.
 *
 * <p>Each cluster remembers its nearest neighbour (the smallest (squared distance, id)); the closest pair is the
 * smallest (distance, lower id, higher id) over those. After a merge only the new cluster's distances are computed (O(k
 * d)); a cluster whose neighbour disappeared keeps its old distance as a lower bound and is marked stale, and is
 * rescanned only when that bound could be the minimum (Müllner's "generic" clustering algorithm, 2011). Rescanning
 * eagerly was measured O(k) rescans per merge on Gaussian data (big clusters become everyone's neighbour). Centroid
 * linkage is not reducible, so a nearest-neighbour chain would not give the exact greedy order; this does. Ties are
 * broken by cluster ids, so runs are reproducible.
 */
final class CentroidPairSearch {
    private final int d;
    private int[] id;
    private double[][] centroid;
    private int[] count;
    private int[] nn; // slot of nearest neighbour, -1 when none
    private double[] nnDist; // exact, or a lower bound when stale
    private boolean[] stale;
    private final Set<Long> discarded = new HashSet<>();
    private int slots;

    /** A candidate pair: cluster ids lo < hi and their squared centroid distance. */
    record Pair(int lo, int hi, double squaredDistance) {
        boolean before(Pair o) {
            if (squaredDistance != o.squaredDistance) {
                return squaredDistance < o.squaredDistance;
            }
            if (lo != o.lo) {
                return lo < o.lo;
            }
            return hi < o.hi;
        }
    }

    /** @param ids cluster ids; @param sums per cluster the sum of its points; @param counts sizes */
    CentroidPairSearch(int dimension, int[] ids, double[][] sums, int[] counts) {
        d = dimension;
        slots = ids.length;
        id = ids.clone();
        count = counts.clone();
        centroid = new double[slots][];
        for (int s = 0; s < slots; s++) {
            centroid[s] = new double[d];
            for (int k = 0; k < d; k++) {
                centroid[s][k] = sums[s][k] / counts[s];
            }
        }
        nn = new int[slots];
        nnDist = new double[slots];
        stale = new boolean[slots];
        for (int s = 0; s < slots; s++) {
            rescan(s);
        }
    }

    private static long key(int a, int b) {
        return ((long) Math.min(a, b) << 32) | (Math.max(a, b) & 0xffffffffL);
    }

    private double dist(int s, int t) {
        double[] x = centroid[s];
        double[] y = centroid[t];
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double v = x[k] - y[k];
            sum += v * v;
        }
        return sum;
    }

    private boolean closer(double dv, int candSlot, double bestDv, int bestSlot) {
        if (bestSlot < 0) {
            return true;
        }
        return dv < bestDv || (dv == bestDv && id[candSlot] < id[bestSlot]);
    }

    private void rescan(int s) {
        int best = -1;
        double bestDv = Double.POSITIVE_INFINITY;
        for (int t = 0; t < slots; t++) {
            if (t == s || id[t] < 0 || isDiscarded(id[s], id[t])) {
                continue;
            }
            double dv = dist(s, t);
            if (closer(dv, t, bestDv, best)) {
                best = t;
                bestDv = dv;
            }
        }
        nn[s] = best;
        nnDist[s] = bestDv;
        stale[s] = false;
    }

    private boolean isDiscarded(int a, int b) {
        return !discarded.isEmpty() && discarded.contains(key(a, b));
    }

    /** The closest pair that is not discarded, or null when none is left. */
    Pair best() {
        while (true) {
            Pair best = null;
            int lowestStale = -1;
            for (int s = 0; s < slots; s++) {
                if (id[s] < 0) {
                    continue;
                }
                if (stale[s]) {
                    if (lowestStale < 0 || nnDist[s] < nnDist[lowestStale]) {
                        lowestStale = s;
                    }
                    continue;
                }
                if (nn[s] < 0) {
                    continue;
                }
                int a = id[s];
                int b = id[nn[s]];
                Pair p = new Pair(Math.min(a, b), Math.max(a, b), nnDist[s]);
                if (best == null || p.before(best)) {
                    best = p;
                }
            }
            // a stale bound at or below the best exact pair may hide a closer (or tie-winning) pair
            if (lowestStale >= 0 && (best == null || nnDist[lowestStale] <= best.squaredDistance())) {
                rescan(lowestStale);
                continue;
            }
            return best;
        }
    }

    private int slotOf(int clusterId) {
        for (int s = 0; s < slots; s++) {
            if (id[s] == clusterId) {
                return s;
            }
        }
        throw new IllegalArgumentException("no active cluster " + clusterId);
    }

    /** Replaces clusters a and b by their union, which gets the id {@code merged}. */
    void merge(int a, int b, int merged) {
        int sa = slotOf(a);
        int sb = slotOf(b);
        int na = count[sa];
        int nb = count[sb];
        double[] c = centroid[sa];
        double[] cb = centroid[sb];
        for (int k = 0; k < d; k++) {
            // weighted mean of the two centroids = the mean of the union's points
            c[k] = (c[k] * na + cb[k] * nb) / (na + nb);
        }
        count[sa] = na + nb;
        id[sa] = merged;
        id[sb] = -1;
        centroid[sb] = null;
        int best = -1;
        double bestDv = Double.POSITIVE_INFINITY;
        for (int t = 0; t < slots; t++) {
            if (t == sa || id[t] < 0) {
                continue;
            }
            double dv = dist(sa, t);
            if (closer(dv, t, bestDv, best)) {
                best = t;
                bestDv = dv;
            }
            if (stale[t]) {
                if (dv < nnDist[t]) {
                    nnDist[t] = dv; // still a lower bound
                }
            } else if (nn[t] == sa || nn[t] == sb) {
                // the old distance bounds the distances to all unchanged clusters from below
                if (dv < nnDist[t]) {
                    nn[t] = sa;
                    nnDist[t] = dv;
                } else {
                    stale[t] = true;
                }
            } else if (closer(dv, sa, nnDist[t], nn[t])) {
                nn[t] = sa;
                nnDist[t] = dv;
            }
        }
        nn[sa] = best;
        nnDist[sa] = bestDv;
        stale[sa] = false;
        stale[sb] = false;
    }

    /** Removes the pair (a, b) from the candidates for good. */
    void discard(int a, int b) {
        discarded.add(key(a, b));
        int sa = slotOf(a);
        int sb = slotOf(b);
        // the old distance stays a lower bound: rescan lazily
        if (nn[sa] == sb) {
            stale[sa] = true;
        }
        if (nn[sb] == sa) {
            stale[sb] = true;
        }
    }
}
