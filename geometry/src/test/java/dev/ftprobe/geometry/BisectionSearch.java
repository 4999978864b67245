package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The original DirectProbe's search for the first overlapping merge: strides back from the end by {@code rate *
 * merges}, then bisects, checking every pair of clusters of each probed state. The reference for {@link ForwardSearch}
 * in {@link DirectProbeTest}.
 */
final class BisectionSearch implements FirstOverlapSearch {
    private final double strideRate;

    /** @param strideRate the stride back, as a fraction of the merges (the original's rate), in (0, 1] */
    BisectionSearch(double strideRate) {
        if (!(strideRate > 0 && strideRate <= 1)) {
            throw new IllegalArgumentException("stride rate must be in (0, 1], got " + strideRate);
        }
        this.strideRate = strideRate;
    }

    @Override
    public int find(MergeSequence merges, SearchContext context) {
        return new Probes(merges, context).search();
    }

    /** One search's probes and the reference state they keep. */
    private final class Probes {
        private final MergeSequence merges;
        private final SearchContext context;
        // the last state known to overlap: cluster id per point and its separable pairs
        private int[] refClusterOfPoint;
        private Set<Long> refSeparable = new HashSet<>();

        Probes(MergeSequence merges, SearchContext context) {
            this.merges = merges;
            this.context = context;
        }

        int search() {
            int m = merges.length();
            int hi = m; // state after hi merges overlaps
            int lo = 0; // the state of single points never counts as overlapping
            int stride = Math.max(1, (int) Math.round(strideRate * m));
            for (int t = hi - stride; t > lo; t -= stride) {
                if (overlapsAt(t)) {
                    hi = t;
                } else {
                    lo = t;
                    break;
                }
            }
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (overlapsAt(mid)) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            context.log().add("search: state after " + hi + " merges is the first that overlaps");
            return hi - 1;
        }

        private boolean overlapsAt(int t) {
            Partition state = merges.replay(context.points(), t);
            Set<Long> separable = new HashSet<>();
            boolean overlaps = overlaps(state, separable);
            context.log().add("  state after " + t + " merges: " + (overlaps ? "overlaps" : "no overlap"));
            if (overlaps) {
                // a tighter reference: its clusters are subsets of the previous reference's
                refClusterOfPoint = state.clusterOfPoints();
                refSeparable = separable;
            }
            return overlaps;
        }

        /** Checks every pair of the state until the first overlap; pairs proven separable go into {@code separable}. */
        private boolean overlaps(Partition state, Set<Long> separable) {
            int[] ids = state.activeIds();
            ClusterShape[] shapeAt = new ClusterShape[ids.length];
            for (int i = 0; i < ids.length; i++) {
                shapeAt[i] = ClusterShape.of(context.points(), ids[i], state.label(ids[i]), state.members(ids[i]));
            }
            List<LpTask> tasks = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                ClusterShape c = shapeAt[i];
                for (int j = 0; j < ids.length; j++) {
                    ClusterShape e = shapeAt[j];
                    if (c.label() == e.label()) {
                        continue;
                    }
                    boolean cSingle = c.members().length == 1;
                    boolean eSingle = e.members().length == 1;
                    if (cSingle || (!eSingle && ids[j] < ids[i])) {
                        continue;
                    }
                    long key = pairKey(c.id(), e.id());
                    if (knownSeparable(c, e)) {
                        separable.add(key);
                        continue;
                    }
                    Boolean cheap = context.tester().cheapOverlap(c, e);
                    if (cheap == null) {
                        tasks.add(LpTask.of(c, e));
                    } else if (cheap) {
                        return true;
                    } else {
                        separable.add(key);
                    }
                }
            }
            tasks.sort(LpTask.CLOSEST_FIRST);
            if (context.lps().certify(tasks, true, null).overlaps()) {
                return true;
            }
            for (LpTask t : tasks) {
                separable.add(pairKey(t.a().id(), t.b().id()));
            }
            return false;
        }

        /** Exact shortcut: the pair's ancestors in the end state or in the reference state were separable. */
        private boolean knownSeparable(ClusterShape c, ClusterShape e) {
            if (context.endSeparable().separable(c.label(), e.label())) {
                return true;
            }
            if (refClusterOfPoint == null) {
                return false;
            }
            int rc = commonAncestor(c.members());
            int re = commonAncestor(e.members());
            return rc >= 0 && re >= 0 && refSeparable.contains(pairKey(rc, re));
        }

        /** The reference-state cluster holding all these points, or -1 when they are split there. */
        private int commonAncestor(int[] members) {
            int r = refClusterOfPoint[members[0]];
            for (int p : members) {
                if (refClusterOfPoint[p] != r) {
                    return -1;
                }
            }
            return r;
        }
    }

    private static long pairKey(int a, int b) {
        return ((long) Math.min(a, b) << 32) | (Math.max(a, b) & 0xffffffffL);
    }
}
