package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DirectProbe clustering (METHOD.md §3), exact and with memory O(N + merges). This class runs the phases in order; each
 * phase is its own class:
 *
 * <ol>
 *   <li>{@link EndStateCheck}: overlap check of the end state of the phase "to the end" (one cluster per label), by
 *       pair certificates and, where they prove nothing, the exact LP test. The original merges to the end first; the
 *       end state does not depend on the merges, so they are computed only when it overlaps (on a linear BERT base set
 *       they were 17.8 of 40 s).
 *   <li>If it overlaps, {@link MergeToTheEnd}: per label, merge the two closest centroids until one cluster is left,
 *       all labels interleaved by merge distance; then {@link ForwardSearch}: the first merge after which the state
 *       overlaps, going forward along the stored merge sequence (the original strides back and bisects; it finds the
 *       same merge). A state "overlaps" when a cluster with two or more points overlaps a cluster of another label; two
 *       single points of different labels at the same place overlap from the start and can never be resolved, so they
 *       do not count, which keeps the search from looping on them.
 *   <li>{@link GreedyMerging}: from the state just before that merge, the closest same-label pair is merged when the
 *       union overlaps no cluster of another label, else discarded for good; until no pair is left.
 * </ol>
 *
 * Exact shortcuts before any LP ({@link UnionOverlapCheck}): label pairs whose end clusters are separable stay
 * separable for all their sub-clusters; hyperplanes that separated a merged cluster's parts from a cluster are tried on
 * the union; a discarded merge's overlap is remembered and holds for any supersets; then {@link OverlapTester}'s sphere
 * and centroid-direction tests. What they leave is decided by one nearest-point solve per pair ({@link PairCertifier}:
 * a verified separating hyperplane or verified convex weights meeting in a point), the LP only where neither
 * certificate holds; independent solves run in parallel ({@link LpPool}) on threads of the given parallelism. A merged
 * cluster's solves start from its parts' supports.
 *
 * <p>A pair that the LP cannot decide either ({@link SeparationVerdict#UNDECIDED}) is treated as an overlap, so that
 * the run still ends in a well-defined partition: in the end state it makes the state overlap (the search and greedy
 * phases follow), in a candidate merge it discards the merge. Such decisions are counted in
 * {@link DirectProbeClusters#undecided}: end-state pairs left undecided plus merges discarded only for undecided pairs.
 *
 * <p>The converged solves of the final partition's cluster pairs are kept ({@link DirectProbeClusters#certified}):
 * their distances are the hull distances, which {@link LabelDistances} does not solve again.
 */
public final class DirectProbe {
    private final int parallelism;
    private final SeparabilityLp lp;
    private final DirectionCheck directionCheck;
    private final FirstOverlapSearch firstOverlapSearch;

    private DirectProbe(Builder b) {
        parallelism = b.parallelism;
        lp = b.lp;
        directionCheck = b.directionCheck;
        firstOverlapSearch = b.firstOverlapSearch;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: all values are optional. */
    public static final class Builder {
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private SeparabilityLp lp = new GlopSeparabilityLp();
        private DirectionCheck directionCheck = new BatchedDirectionCheck();
        private FirstOverlapSearch firstOverlapSearch = new ForwardSearch();

        private Builder() {}

        /** Threads for independent LPs and per-label merging; at least 1; default: the number of cores. */
        public Builder optParallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** The exact overlap test; default GLOP. */
        Builder optLp(SeparabilityLp lp) {
            this.lp = lp;
            return this;
        }

        /** Another implementation of the centroid-direction test; for the test that it gives the same partition. */
        Builder optDirectionCheck(DirectionCheck check) {
            this.directionCheck = check;
            return this;
        }

        /** Another search for the first overlapping merge; for the test that it finds the same merge. */
        Builder optFirstOverlapSearch(FirstOverlapSearch search) {
            this.firstOverlapSearch = search;
            return this;
        }

        public DirectProbe build() {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            if (lp == null || directionCheck == null || firstOverlapSearch == null) {
                throw new IllegalArgumentException("the LP, direction check and first-overlap search must be set");
            }
            return new DirectProbe(this);
        }
    }

    /** Clusters the points. Deterministic: the same input gives the same output. */
    public DirectProbeClusters run(LabelledPoints points) {
        try (Workers workers = new Workers(parallelism)) {
            OverlapTester tester = new OverlapTester(points, lp, directionCheck);
            CertifiedPairs certified = new CertifiedPairs();
            LpPool lps = new LpPool(workers, tester, certified);
            ProbeLog log = new ProbeLog();
            long t0 = System.nanoTime();
            // the end state does not depend on the merge order: check it first, and merge only when it overlaps
            Partition end = Partition.oneClusterPerLabel(points);
            int m = end.merges();
            EndStateCheck.Outcome endCheck = new EndStateCheck(points, tester, lps).check(end);
            long t1 = log.lap("end-state check", t0);
            int firstOverlap = -1;
            int undecided = endCheck.undecided();
            Partition result;
            if (!endCheck.overlaps()) {
                log.add("end state does not overlap: linear (the " + m + " merges to the end are not needed)");
                result = end;
            } else {
                MergeSequence merges = new MergeToTheEnd(points, workers).run();
                long t2 = log.lap("to the end", t1);
                log.add("to the end: " + merges.length() + " merges");
                UnionOverlapCheck unionCheck =
                        new UnionOverlapCheck(tester, workers, lps, endCheck.separable(), certified);
                firstOverlap = firstOverlapSearch.find(
                        merges,
                        new FirstOverlapSearch.SearchContext(
                                points, tester, lps, endCheck.separable(), unionCheck, log));
                long t3 = log.lap("search", t2);
                log.add("first overlapping merge: " + firstOverlap + " of " + m);
                result = new GreedyMerging(points, unionCheck, log).run(merges, firstOverlap);
                log.lap("greedy", t3);
                undecided += unionCheck.undecided();
            }
            log.add("overlap tests: " + tester.counts());
            if (undecided > 0) {
                log.add("undecided (counted as overlapping): " + undecided);
            }
            return clusters(points, result, m, firstOverlap, undecided, certified, log);
        }
    }

    /** The result: clusters numbered densely by their first point. */
    private static DirectProbeClusters clusters(
            LabelledPoints points,
            Partition state,
            int mergesToEnd,
            int firstOverlap,
            int undecided,
            CertifiedPairs certified,
            ProbeLog log) {
        int[] raw = state.clusterOfPoints();
        Map<Integer, Integer> dense = new HashMap<>();
        int[] out = new int[raw.length];
        List<Integer> labelOfCluster = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            Integer c = dense.get(raw[i]);
            if (c == null) {
                c = dense.size();
                dense.put(raw[i], c);
                labelOfCluster.add(points.label(i));
            }
            out[i] = c;
        }
        int present = (int) labelOfCluster.stream().distinct().count();
        boolean linear = dense.size() == present;
        log.add("clusters: " + dense.size() + ", labels present: " + present + (linear ? " (linear)" : ""));
        int[] labels = labelOfCluster.stream().mapToInt(Integer::intValue).toArray();
        DirectProbeClusters byPoint = new DirectProbeClusters(
                out, labels, dense.size(), linear, mergesToEnd, firstOverlap, log.timings(), log.lines());
        CertifiedPairs finalPairs = certified.restrictedTo(Arrays.asList(byPoint.members()));
        return new DirectProbeClusters(
                out,
                labels,
                dense.size(),
                linear,
                mergesToEnd,
                firstOverlap,
                log.timings(),
                log.lines(),
                undecided,
                finalPairs);
    }
}
