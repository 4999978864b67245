package dev.ftprobe.geometry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nearest-point solves of cluster pairs that DirectProbe certified, keyed by the two clusters' member sets (order
 * of members and of the two clusters does not matter). Two uses: a solve's distance is the pair's hull distance, so
 * {@link LabelDistances} reads the final partition's pairs from here instead of solving them again; and its support is
 * the warm start of a merged cluster's solves against the same other cluster. Only converged solves are kept (an
 * unconverged one's distance is an upper bound, which the label distances recompute).
 *
 * <p>Thread-safe: the solves of one state run in parallel.
 */
public final class CertifiedPairs {
    private final Map<Key, Solve> solves = new ConcurrentHashMap<>();
    private final Map<MemberSet, MemberSet> interned = new ConcurrentHashMap<>();

    /** A pair's solve: its hull distance and the support of its nearest points, oriented as (first, second). */
    record Solve(double distance, HullSupport support) {
        /** The same solve oriented from the second cluster to the first. */
        Solve reversed() {
            return new Solve(distance, new HullSupport(support.b(), support.a(), support.weights()));
        }
    }

    CertifiedPairs() {}

    /** Keeps the certificate of clusters x and y (its support from x to y) when its solve converged. */
    void put(int[] x, int[] y, PairCertificate c) {
        if (!c.converged() || !Double.isFinite(c.distance())) {
            return;
        }
        store(intern(x), intern(y), new Solve(c.distance(), c.support()));
    }

    /** Keeps a solve oriented from x to y under the pair's key. */
    private void store(MemberSet x, MemberSet y, Solve s) {
        if (x.compareTo(y) > 0) {
            solves.put(new Key(y, x), s.reversed());
        } else {
            solves.put(new Key(x, y), s);
        }
    }

    /** The converged solve of clusters x and y, its support from x to y; null if none was kept. */
    Solve get(int[] x, int[] y) {
        MemberSet mx = new MemberSet(x);
        MemberSet my = new MemberSet(y);
        boolean swap = mx.compareTo(my) > 0;
        Solve s = solves.get(swap ? new Key(my, mx) : new Key(mx, my));
        return s == null || !swap ? s : s.reversed();
    }

    /** Only the pairs of the given clusters (the final partition): the rest is no longer needed. */
    CertifiedPairs restrictedTo(List<int[]> clusters) {
        CertifiedPairs out = new CertifiedPairs();
        for (int x = 0; x < clusters.size(); x++) {
            for (int y = x + 1; y < clusters.size(); y++) {
                Solve s = get(clusters.get(x), clusters.get(y));
                if (s != null) {
                    out.store(out.intern(clusters.get(x)), out.intern(clusters.get(y)), s);
                }
            }
        }
        return out;
    }

    /** The number of pairs kept. */
    public int size() {
        return solves.size();
    }

    private MemberSet intern(int[] members) {
        MemberSet m = new MemberSet(members);
        MemberSet old = interned.putIfAbsent(m, m);
        return old != null ? old : m;
    }

    private record Key(MemberSet x, MemberSet y) {}

    /** A cluster's members, sorted, compared by content. */
    private static final class MemberSet implements Comparable<MemberSet> {
        private final int[] sorted;
        private final int hash;

        MemberSet(int[] members) {
            sorted = members.clone();
            Arrays.sort(sorted);
            hash = Arrays.hashCode(sorted);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemberSet m && m.hash == hash && Arrays.equals(m.sorted, sorted);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public int compareTo(MemberSet o) {
            return Arrays.compare(sorted, o.sorted);
        }
    }
}
