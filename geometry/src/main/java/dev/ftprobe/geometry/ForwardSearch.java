package dev.ftprobe.geometry;

import java.util.HashMap;
import java.util.Map;

/**
 * The first overlapping merge, found going forward along the merges: the state after merge t differs from the one
 * before only by the merged cluster, so it overlaps exactly when that cluster overlaps a cluster of another label (a
 * state before it does not: the search stops at the first). One union is tested per merge, with the greedy phase's
 * exact tests, caches and parallel LPs. The original DirectProbe strides back and bisects, checking every pair of each
 * probed state: quadratic in the clusters, 10 minutes of one core per probe on 17,000 real points. Both give the same
 * merge, which a test checks against that bisection.
 */
final class ForwardSearch implements FirstOverlapSearch {
    @Override
    public int find(MergeSequence merges, SearchContext context) {
        int m = merges.length();
        MergeState state = new MergeState(context.points(), new Partition(context.points(), m));
        for (int t = 0; t < m; t++) {
            int a = merges.left(t);
            int b = merges.right(t);
            ClusterShape union = state.union(a, b);
            Map<Integer, Hyperplane> found = new HashMap<>();
            if (context.unionCheck().overlaps(state, a, b, union, found)) {
                context.log().add("search: state after " + (t + 1) + " merges is the first that overlaps");
                return t;
            }
            state.merge(a, b, union, found);
        }
        throw new IllegalStateException("the end state overlaps, but no merge made an overlap");
    }
}
