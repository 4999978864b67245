package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DirectProbe's last phase: from the state just before the first overlapping merge, the closest same-label pair (over
 * all labels; ties by label name) is merged when the union overlaps no cluster of another label, else discarded for
 * good; until no pair is left. A discarded merge's overlap is remembered and holds for any superset of its union, which
 * spares its tests.
 */
final class GreedyMerging {
    private final LabelledPoints points;
    private final UnionOverlapCheck unionCheck;
    private final ProbeLog log;

    /** An overlap seen when merging the clusters holding points a and b: any superset of that union overlaps too. */
    private record KnownOverlap(int pointA, int pointB) {}

    GreedyMerging(LabelledPoints points, UnionOverlapCheck unionCheck, ProbeLog log) {
        this.points = points;
        this.unionCheck = unionCheck;
        this.log = log;
    }

    /** The final partition; {@code merges} is cut at {@code firstOverlappingMerge} and gets the greedy merges. */
    Partition run(MergeSequence merges, int firstOverlappingMerge) {
        Partition partition = merges.replay(points, firstOverlappingMerge);
        merges.truncate(firstOverlappingMerge);
        int[] clusterOf = partition.clusterOfPoints();
        MergeState state = new MergeState(points, partition);
        int labels = points.labelCount();
        CentroidPairSearch[] searches = new CentroidPairSearch[labels];
        int twins = 0;
        for (int l = 0; l < labels; l++) {
            // a point with an identical twin of another label can never be merged: any union
            // holding it overlaps the twin's cluster (see UnionOverlapCheck). Such points are left
            // out of the search, which gives the same merges as discarding each of their pairs
            // (discards do not change the state); on the embedding layer, where a word at the
            // same position always has the same vector, that was 360,000 discarded pairs.
            int[] ids = state.idsOfLabel(l).stream()
                    .filter(id -> state.shape(id).sharedPoints().length == 0)
                    .mapToInt(Integer::intValue)
                    .toArray();
            twins += state.idsOfLabel(l).size() - ids.length;
            searches[l] = ids.length < 2 ? null : search(state, ids);
        }
        List<List<KnownOverlap>> known = new ArrayList<>();
        for (int l = 0; l < labels; l++) {
            known.add(new ArrayList<>());
        }
        List<String> names = points.labelNames();
        int merged = 0;
        int discarded = 0;
        while (true) {
            int bestLabel = -1;
            CentroidPairSearch.Pair best = null;
            for (int l = 0; l < labels; l++) {
                CentroidPairSearch.Pair p = searches[l] == null ? null : searches[l].best();
                if (p == null) {
                    continue;
                }
                if (best == null
                        || p.squaredDistance() < best.squaredDistance()
                        || (p.squaredDistance() == best.squaredDistance()
                                && names.get(l).compareTo(names.get(bestLabel)) < 0)) {
                    best = p;
                    bestLabel = l;
                }
            }
            if (best == null) {
                break;
            }
            int a = best.lo();
            int b = best.hi();
            if (!isKnownOverlap(known.get(bestLabel), clusterOf, a, b)) {
                ClusterShape union = state.union(a, b);
                Map<Integer, Hyperplane> found = new HashMap<>();
                if (!unionCheck.overlaps(state, a, b, union, found)) {
                    int c = state.merge(a, b, union, found);
                    merges.add(a, b);
                    searches[bestLabel].merge(a, b, c);
                    for (int p : union.members()) {
                        clusterOf[p] = c;
                    }
                    merged++;
                    continue;
                }
                known.get(bestLabel)
                        .add(new KnownOverlap(
                                state.shape(a).members()[0], state.shape(b).members()[0]));
            }
            searches[bestLabel].discard(a, b);
            discarded++;
        }
        log.add("greedy: " + merged + " merges, " + discarded + " discarded pairs, " + twins
                + " points left out (identical to a point of another label)");
        return partition;
    }

    /** The closest-pair search over these clusters of one label. */
    private CentroidPairSearch search(MergeState state, int[] ids) {
        double[][] sums = new double[ids.length][];
        int[] counts = new int[ids.length];
        for (int s = 0; s < ids.length; s++) {
            ClusterShape sh = state.shape(ids[s]);
            counts[s] = sh.members().length;
            sums[s] = new double[points.dimension()];
            for (int k = 0; k < sums[s].length; k++) {
                sums[s][k] = sh.centroid()[k] * counts[s];
            }
        }
        return new CentroidPairSearch(points.dimension(), ids, sums, counts);
    }

    /**
     * True when a remembered overlap applies to the union of a and b: its clusters are subsets of a ∪ b and of a
     * current cluster.
     */
    private static boolean isKnownOverlap(List<KnownOverlap> known, int[] clusterOf, int a, int b) {
        for (KnownOverlap k : known) {
            int ca = clusterOf[k.pointA];
            int cb = clusterOf[k.pointB];
            if ((ca == a || ca == b) && (cb == a || cb == b)) {
                return true; // the cluster it overlapped has only grown since
            }
        }
        return false;
    }
}
