package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * DirectProbe's phase "to the end": per label, the two closest centroids are merged until one cluster is left
 * ({@link CentroidPairSearch}). Labels are independent, so they run in parallel; the global merge order is the
 * interleaving that always takes the label whose next merge is closest (ties: label name, so the label ids' order does
 * not matter).
 */
final class MergeToTheEnd {
    private final LabelledPoints points;
    private final Workers workers;

    /** One label's merges; merged clusters have provisional ids n + local index. */
    private record LabelMerges(int label, int[] a, int[] b, double[] dist) {}

    MergeToTheEnd(LabelledPoints points, Workers workers) {
        this.points = points;
        this.workers = workers;
    }

    MergeSequence run() {
        int n = points.size();
        List<int[]> byLabel = points.pointsByLabel();
        List<Future<LabelMerges>> futures = new ArrayList<>();
        for (int l = 0; l < byLabel.size(); l++) {
            int label = l;
            int[] members = byLabel.get(l);
            futures.add(workers.submit(() -> mergeLabel(label, members, n)));
        }
        List<LabelMerges> perLabel = new ArrayList<>();
        for (Future<LabelMerges> f : futures) {
            perLabel.add(Workers.await(f));
        }
        return interleave(perLabel, n);
    }

    /** The global sequence: always the label whose next merge is closest; ties by label name. */
    private MergeSequence interleave(List<LabelMerges> perLabel, int n) {
        MergeSequence sequence = new MergeSequence();
        List<String> names = points.labelNames();
        int[] pos = new int[perLabel.size()];
        int[][] localToGlobal = new int[perLabel.size()][];
        for (LabelMerges lm : perLabel) {
            localToGlobal[lm.label] = new int[lm.a.length];
        }
        int global = 0;
        while (true) {
            int best = -1;
            for (LabelMerges lm : perLabel) {
                int l = lm.label;
                if (pos[l] >= lm.a.length) {
                    continue;
                }
                if (best < 0) {
                    best = l;
                    continue;
                }
                double dv = lm.dist[pos[l]];
                double db = perLabel.get(best).dist[pos[best]];
                if (dv < db || (dv == db && names.get(l).compareTo(names.get(best)) < 0)) {
                    best = l;
                }
            }
            if (best < 0) {
                return sequence;
            }
            LabelMerges lm = perLabel.get(best);
            int k = pos[best]++;
            int a = lm.a[k] < n ? lm.a[k] : localToGlobal[best][lm.a[k] - n];
            int b = lm.b[k] < n ? lm.b[k] : localToGlobal[best][lm.b[k] - n];
            localToGlobal[best][k] = n + global;
            sequence.add(a, b);
            global++;
        }
    }

    /** Merges one label's points to one cluster. Provisional ids n + local index: same order as the global ids. */
    private LabelMerges mergeLabel(int label, int[] members, int n) {
        int k = members.length;
        int merges = Math.max(0, k - 1);
        int[] a = new int[merges];
        int[] b = new int[merges];
        double[] dist = new double[merges];
        if (k <= 1) {
            return new LabelMerges(label, a, b, dist);
        }
        double[][] sums = new double[k][];
        int[] counts = new int[k];
        for (int s = 0; s < k; s++) {
            sums[s] = points.point(members[s]);
            counts[s] = 1;
        }
        CentroidPairSearch search = new CentroidPairSearch(points.dimension(), members, sums, counts);
        sums = null; // the search keeps its own centroids: let the copies of the points go
        for (int j = 0; j < merges; j++) {
            CentroidPairSearch.Pair p = search.best();
            a[j] = p.lo();
            b[j] = p.hi();
            dist[j] = p.squaredDistance();
            search.merge(p.lo(), p.hi(), n + j);
        }
        return new LabelMerges(label, a, b, dist);
    }
}
