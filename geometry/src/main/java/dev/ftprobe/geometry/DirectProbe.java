package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DirectProbe clustering (METHOD.md §3), exact and with memory O(N + merges).
 *
 * <ol>
 *   <li>Phase "to the end": per label, merge the two closest centroids until one cluster is left
 *       ({@link CentroidPairSearch}); labels are independent, so they run in parallel, and the
 *       global merge order is the interleaving that always takes the label whose next merge is
 *       closest (ties: label name, so the label ids' order does not matter).</li>
 *   <li>Overlap check of the end state (one cluster per label) with the exact LP test.</li>
 *   <li>If it overlaps: the first merge after which the state overlaps is found going forward
 *       along the stored merge sequence: each merge's new cluster is tested against the clusters
 *       of other labels, and the first that overlaps one is the answer (the original searches by
 *       striding back {@code rate * merges} and bisecting, with a check of every pair of each
 *       probed state; overlap is monotone, so both find the same merge). A state "overlaps" when
 *       a cluster with two or more points overlaps a cluster of another label; two single points
 *       of different labels at the same place overlap from the start and can never be resolved,
 *       so they do not count, which keeps the search from looping on them.</li>
 *   <li>From the state just before that merge, greedy: the closest same-label pair is merged when
 *       the union overlaps no cluster of another label, else discarded for good; until no pair
 *       is left.</li>
 * </ol>
 * Exact shortcuts before any LP: label pairs whose end clusters are separable stay separable for
 * all their sub-clusters; hyperplanes that separated a merged cluster's parts from a cluster are
 * tried on the union; a discarded merge's overlap is remembered and holds for any supersets; then
 * {@link OverlapTester}'s sphere and centroid-direction tests. Independent LPs run in parallel on
 * an executor of the given parallelism.
 */
public final class DirectProbe {
    private final int parallelism;
    private final double strideRate;
    private final SeparabilityLp lp;
    private final boolean plainCheapTests;
    private final boolean bisectionSearch;

    private DirectProbe(Builder b) {
        bisectionSearch = b.bisectionSearch;
        plainCheapTests = b.plainCheapTests;
        parallelism = b.parallelism;
        strideRate = b.strideRate;
        lp = b.lp;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: all values are optional. */
    public static final class Builder {
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private double strideRate = 0.05;
        private SeparabilityLp lp;
        private boolean plainCheapTests;
        private boolean bisectionSearch;

        /** Threads for independent LPs and per-label merging; default: the number of cores. */
        public Builder optParallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** Stride of the bisection search's steps back, as a fraction of the merges (the original's rate); default 0.05. */
        Builder optStrideRate(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("stride rate must be in (0, 1], got " + rate);
            }
            this.strideRate = rate;
            return this;
        }

        /** The original, unbatched centroid-direction test; only for the test that both give the same partition. */
        Builder optPlainCheapTests(boolean plain) {
            this.plainCheapTests = plain;
            return this;
        }

        /** The original's search for the first overlapping merge (strides back, then bisection); only for the test that it finds the forward search's merge. */
        Builder optBisectionSearch(boolean bisection) {
            this.bisectionSearch = bisection;
            return this;
        }

        Builder optLp(SeparabilityLp lp) {
            this.lp = lp;
            return this;
        }

        public DirectProbe build() {
            if (lp == null) {
                lp = new GlopSeparabilityLp();
            }
            return new DirectProbe(this);
        }
    }

    /** Clusters the points. Deterministic: the same input gives the same output. */
    public DirectProbeClusters run(LabelledPoints points) {
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "directprobe-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(parallelism, tf);
        try {
            return new Run(points, executor).run();
        } finally {
            executor.shutdownNow();
        }
    }

    private static long pairKey(int a, int b) {
        return ((long) Math.min(a, b) << 32) | (Math.max(a, b) & 0xffffffffL);
    }

    /** One run's state. */
    private final class Run {
        private final LabelledPoints points;
        private final ExecutorService executor;
        private final OverlapTester tester;
        private final MergeSequence sequence = new MergeSequence();
        private final List<String> log = new ArrayList<>();
        private final List<DirectProbeClusters.PhaseTiming> timings = new ArrayList<>();
        private boolean[][] endSeparable;
        // the last state known to overlap, as a reference: cluster id per point and its separable pairs
        private int[] refClusterOfPoint;
        private Set<Long> refSeparable = new HashSet<>();

        Run(LabelledPoints points, ExecutorService executor) {
            this.points = points;
            this.executor = executor;
            this.tester = new OverlapTester(points, lp, plainCheapTests);
        }

        DirectProbeClusters run() {
            long t0 = System.nanoTime();
            mergeToTheEnd();
            int m = sequence.length();
            long t1 = lap("to the end", t0);
            log.add("to the end: " + m + " merges");

            Partition end = sequence.replay(points, m);
            StateCheck endCheck = checkState(end, false);
            long t2 = lap("end-state check", t1);
            int firstOverlap = -1;
            Partition result;
            if (!endCheck.overlaps) {
                log.add("end state does not overlap: linear");
                result = end;
            } else {
                firstOverlap = bisectionSearch ? searchFirstOverlap(m) : forwardFirstOverlap(m);
                long t3 = lap("search", t2);
                log.add("first overlapping merge: " + firstOverlap + " of " + m);
                result = greedy(firstOverlap);
                lap("greedy", t3);
            }
            log.add("overlap tests: " + tester.counts());
            return finish(result, m, firstOverlap);
        }

        private long lap(String phase, long since) {
            long now = System.nanoTime();
            timings.add(new DirectProbeClusters.PhaseTiming(phase, (now - since) / 1_000_000));
            return now;
        }

        // ---------------------------------------------------------------- phase "to the end"

        private record LabelMerges(int label, int[] a, int[] b, double[] dist) {}

        private void mergeToTheEnd() {
            int n = points.size();
            List<int[]> byLabel = points.pointsByLabel();
            List<Future<LabelMerges>> futures = new ArrayList<>();
            for (int l = 0; l < byLabel.size(); l++) {
                int label = l;
                int[] members = byLabel.get(l);
                futures.add(executor.submit(() -> mergeLabel(label, members, n)));
            }
            List<LabelMerges> perLabel = new ArrayList<>();
            for (Future<LabelMerges> f : futures) {
                perLabel.add(get(f));
            }
            // interleave: always the label whose next merge is closest; ties by label name
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
                    break;
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

        /** Merges one label's points to one cluster. Merged clusters get provisional ids n + local index: same order as the global ids. */
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
            sums = null;
            for (int j = 0; j < merges; j++) {
                CentroidPairSearch.Pair p = search.best();
                a[j] = p.lo();
                b[j] = p.hi();
                dist[j] = p.squaredDistance();
                search.merge(p.lo(), p.hi(), n + j);
            }
            return new LabelMerges(label, a, b, dist);
        }

        // ---------------------------------------------------------------- overlap of a state

        private record StateCheck(boolean overlaps, Set<Long> separable, int[] clusterOfPoint) {}

        private record Task(ClusterShape a, ClusterShape b, double centroidDistance) {}

        /**
         * Checks a state. With {@code earlyStop} the check ends at the first overlapping pair. The
         * first call (the end state) fills {@link #endSeparable}.
         */
        private StateCheck checkState(Partition state, boolean earlyStop) {
            int[] ids = state.activeIds();
            Map<Integer, ClusterShape> shapes = new HashMap<>();
            for (int id : ids) {
                shapes.put(id, ClusterShape.of(points, id, state.label(id), state.members(id)));
            }
            boolean first = endSeparable == null;
            Set<Long> separable = new HashSet<>();
            List<Task> tasks = new ArrayList<>();
            boolean overlaps = false;
            // by position, not through the map: this loop is quadratic in the clusters (thousands)
            ClusterShape[] shapeAt = new ClusterShape[ids.length];
            for (int i = 0; i < ids.length; i++) {
                shapeAt[i] = shapes.get(ids[i]);
            }
            for (int i = 0; i < ids.length && !(overlaps && earlyStop); i++) {
                ClusterShape c = shapeAt[i];
                for (int j = 0; j < ids.length; j++) {
                    ClusterShape e = shapeAt[j];
                    if (c.label() == e.label()) {
                        continue;
                    }
                    boolean cSingle = c.members().length == 1;
                    boolean eSingle = e.members().length == 1;
                    // each pair once: from the non-single side, or the lower id when both are not single
                    if (cSingle || (!eSingle && ids[j] < ids[i])) {
                        continue;
                    }
                    long key = pairKey(c.id(), e.id());
                    if (!first && knownSeparable(c, e)) {
                        separable.add(key);
                        continue;
                    }
                    Boolean cheap = tester.cheapOverlap(c, e);
                    if (cheap == null) {
                        tasks.add(new Task(c, e, ClusterShape.distance(c.centroid(), e.centroid())));
                    } else if (cheap) {
                        overlaps = true;
                        if (earlyStop) {
                            break;
                        }
                    } else {
                        separable.add(key);
                    }
                }
            }
            if (!(overlaps && earlyStop)) {
                tasks.sort(Comparator.comparingDouble(Task::centroidDistance)
                        .thenComparingInt(t -> t.a.id()).thenComparingInt(t -> t.b.id()));
                List<Task> overlapping = runLps(tasks, earlyStop);
                overlaps |= !overlapping.isEmpty();
                Set<Task> over = new HashSet<>(overlapping);
                if (!earlyStop || overlapping.isEmpty()) {
                    for (Task t : tasks) {
                        if (!over.contains(t)) {
                            separable.add(pairKey(t.a.id(), t.b.id()));
                        }
                    }
                }
            }
            if (first) {
                int labels = points.labelCount();
                endSeparable = new boolean[labels][labels];
                for (int x : ids) {
                    for (int y : ids) {
                        if (x != y && separable.contains(pairKey(x, y))) {
                            endSeparable[state.label(x)][state.label(y)] = true;
                        }
                    }
                }
            }
            return new StateCheck(overlaps, separable, state.clusterOfPoints());
        }

        /** Exact shortcut: the pair's ancestors in the end state or in the reference state were separable. */
        private boolean knownSeparable(ClusterShape c, ClusterShape e) {
            if (endSeparable[c.label()][e.label()]) {
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

        /**
         * Runs the LPs in parallel; returns the overlapping tasks. With {@code earlyStop} the
         * remaining LPs are cancelled after the first overlap and the result holds that one only.
         */
        private List<Task> runLps(List<Task> tasks, boolean earlyStop) {
            return runLps(tasks, earlyStop, null);
        }

        private List<Task> runLps(List<Task> tasks, boolean earlyStop, Map<Task, Hyperplane> separating) {
            List<Task> overlapping = new ArrayList<>();
            if (tasks.isEmpty()) {
                return overlapping;
            }
            CompletionService<Task> cs = new ExecutorCompletionService<>(executor);
            List<Future<Task>> futures = new ArrayList<>();
            List<LpCancellation> cancels = new ArrayList<>();
            for (Task t : tasks) {
                LpCancellation cancel = new LpCancellation();
                cancels.add(cancel);
                futures.add(cs.submit(() -> {
                    java.util.Optional<Hyperplane> h = tester.lpSeparator(t.a, t.b, cancel);
                    if (h.isPresent() && separating != null) {
                        separating.put(t, h.get());
                    }
                    return h.isEmpty() ? t : null;
                }));
            }
            try {
                for (int i = 0; i < tasks.size(); i++) {
                    Task over = get(cs.take());
                    if (over != null) {
                        overlapping.add(over);
                        if (earlyStop) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                // after an early stop the other LPs are wasted work: those not started never start,
                // and running ones are interrupted (their answers are never read)
                for (Future<Task> f : futures) {
                    f.cancel(false);
                }
                for (LpCancellation c : cancels) {
                    c.cancel();
                }
            }
            return overlapping;
        }

        // ---------------------------------------------------------------- search for the first overlap

        /** The index of the first merge after which the state overlaps (the end state does). */
        private int searchFirstOverlap(int m) {
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
            log.add("search: state after " + hi + " merges is the first that overlaps");
            return hi - 1;
        }

        private boolean overlapsAt(int t) {
            StateCheck c = checkState(sequence.replay(points, t), true);
            log.add("  state after " + t + " merges: " + (c.overlaps ? "overlaps" : "no overlap"));
            if (c.overlaps) {
                // a tighter reference: its clusters are subsets of the previous reference's
                refClusterOfPoint = c.clusterOfPoint;
                refSeparable = c.separable;
            }
            return c.overlaps;
        }

        /**
         * The index of the first merge after which the state overlaps (the end state does), found
         * going forward: the state after merge t differs from the one before only by the merged
         * cluster, so it overlaps exactly when that cluster overlaps a cluster of another label (a
         * state before it does not: the search stops at the first). One union is tested against
         * the clusters of other labels per merge, with the greedy phase's exact tests, caches and
         * parallel LPs; the bisection ({@link #searchFirstOverlap}) checked every pair of a whole
         * state per probe, quadratic in the clusters: 10 minutes of one core per probe on 17,000
         * real points. Both give the same merge, which a test checks.
         */
        private int forwardFirstOverlap(int m) {
            Partition state = new Partition(points, m);
            Map<Integer, ClusterShape> shapes = new HashMap<>();
            List<Set<Integer>> idsByLabel = new ArrayList<>();
            track(state, shapes, idsByLabel);
            Map<Integer, Map<Integer, Hyperplane>> separators = new HashMap<>();
            for (int t = 0; t < m; t++) {
                int a = sequence.left(t);
                int b = sequence.right(t);
                ClusterShape union = union(state, shapes.get(a), shapes.get(b));
                Map<Integer, Hyperplane> found = new HashMap<>();
                if (firstOverlap(union, a, b, shapes, idsByLabel, separators, found) != null) {
                    log.add("search: state after " + (t + 1) + " merges is the first that overlaps");
                    return t;
                }
                applyMerge(state, shapes, idsByLabel, separators, a, b, union, found);
            }
            throw new IllegalStateException("the end state overlaps, but no merge made an overlap");
        }

        /** Shapes and per-label ids of the state's clusters, into the given (empty) containers. */
        private void track(Partition state, Map<Integer, ClusterShape> shapes, List<Set<Integer>> idsByLabel) {
            // insertion-ordered sets: the same iteration order as lists, but O(1) removal (list removal
            // was a visible share of the profile with thousands of clusters)
            for (int l = 0; l < points.labelCount(); l++) {
                idsByLabel.add(new LinkedHashSet<>());
            }
            for (int id : state.activeIds()) {
                shapes.put(id, ClusterShape.of(points, id, state.label(id), state.members(id)));
                idsByLabel.get(state.label(id)).add(id);
            }
        }

        /** The shape of the union of two clusters, under the id the state gives its next merge. */
        private ClusterShape union(Partition state, ClusterShape sa, ClusterShape sb) {
            int[] mem = new int[sa.members().length + sb.members().length];
            System.arraycopy(sa.members(), 0, mem, 0, sa.members().length);
            System.arraycopy(sb.members(), 0, mem, sa.members().length, sb.members().length);
            return ClusterShape.of(points, state.nextId(), sa.label(), mem);
        }

        /** Merges a and b (their union overlaps nothing) in the state and the bookkeeping; returns the new id. */
        private int applyMerge(Partition state, Map<Integer, ClusterShape> shapes, List<Set<Integer>> idsByLabel,
                Map<Integer, Map<Integer, Hyperplane>> separators, int a, int b, ClusterShape union,
                Map<Integer, Hyperplane> found) {
            int c = state.merge(a, b);
            forget(separators, a);
            forget(separators, b);
            for (Map.Entry<Integer, Hyperplane> e : found.entrySet()) {
                separators.computeIfAbsent(c, x -> new HashMap<>()).put(e.getKey(), e.getValue());
                separators.computeIfAbsent(e.getKey(), x -> new HashMap<>()).put(c, e.getValue());
            }
            shapes.remove(a);
            shapes.remove(b);
            shapes.put(c, union.withId(c));
            Set<Integer> ids = idsByLabel.get(union.label());
            ids.remove(a);
            ids.remove(b);
            ids.add(c);
            return c;
        }

        // ---------------------------------------------------------------- greedy continuation

        /** An overlap seen when merging the clusters holding points a and b: any superset of that union overlaps too. */
        private record KnownOverlap(int pointA, int pointB) {}

        private Partition greedy(int firstOverlappingMerge) {
            Partition state = sequence.replay(points, firstOverlappingMerge);
            sequence.truncate(firstOverlappingMerge);
            int[] clusterOf = state.clusterOfPoints();
            Map<Integer, ClusterShape> shapes = new HashMap<>();
            int labels = points.labelCount();
            List<Set<Integer>> idsByLabel = new ArrayList<>();
            track(state, shapes, idsByLabel);
            CentroidPairSearch[] searches = new CentroidPairSearch[labels];
            int twins = 0;
            for (int l = 0; l < labels; l++) {
                // a point with an identical twin of another label can never be merged: any union
                // holding it overlaps the twin's cluster (see firstOverlap). Such points are left
                // out of the search, which gives the same merges as discarding each of their pairs
                // (discards do not change the state); on the embedding layer, where a word at the
                // same position always has the same vector, that was 360,000 discarded pairs.
                int[] idArr = idsByLabel.get(l).stream().filter(id -> shapes.get(id).sharedPoints().length == 0)
                        .mapToInt(Integer::intValue).toArray();
                twins += idsByLabel.get(l).size() - idArr.length;
                if (idArr.length < 2) {
                    continue;
                }
                double[][] sums = new double[idArr.length][];
                int[] counts = new int[idArr.length];
                for (int s = 0; s < idArr.length; s++) {
                    ClusterShape sh = shapes.get(idArr[s]);
                    counts[s] = sh.members().length;
                    sums[s] = new double[points.dimension()];
                    for (int k = 0; k < sums[s].length; k++) {
                        sums[s][k] = sh.centroid()[k] * counts[s];
                    }
                }
                searches[l] = new CentroidPairSearch(points.dimension(), idArr, sums, counts);
            }
            List<List<KnownOverlap>> known = new ArrayList<>();
            for (int l = 0; l < labels; l++) {
                known.add(new ArrayList<>());
            }
            List<String> names = points.labelNames();
            Map<Integer, Map<Integer, Hyperplane>> separators = new HashMap<>();
            int merged = 0;
            int discarded = 0;
            while (true) {
                int bestLabel = -1;
                CentroidPairSearch.Pair best = null;
                for (int l = 0; l < labels; l++) {
                    if (searches[l] == null) {
                        continue;
                    }
                    CentroidPairSearch.Pair p = searches[l].best();
                    if (p == null) {
                        continue;
                    }
                    if (best == null || p.squaredDistance() < best.squaredDistance()
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
                ClusterShape sa = shapes.get(a);
                ClusterShape sb = shapes.get(b);
                KnownOverlap overlap = knownOverlap(known.get(bestLabel), clusterOf, a, b);
                if (overlap == null) {
                    ClusterShape union = union(state, sa, sb);
                    int[] mem = union.members();
                    Map<Integer, Hyperplane> found = new HashMap<>();
                    overlap = firstOverlap(union, a, b, shapes, idsByLabel, separators, found);
                    if (overlap == null) {
                        int c = applyMerge(state, shapes, idsByLabel, separators, a, b, union, found);
                        sequence.add(a, b);
                        searches[bestLabel].merge(a, b, c);
                        for (int p : mem) {
                            clusterOf[p] = c;
                        }
                        merged++;
                        continue;
                    }
                    known.get(bestLabel).add(overlap);
                }
                searches[bestLabel].discard(a, b);
                discarded++;
            }
            log.add("greedy: " + merged + " merges, " + discarded + " discarded pairs, " + twins
                    + " points left out (identical to a point of another label)");
            return state;
        }

        /** A remembered overlap that applies to the union of a and b: its clusters are subsets of a ∪ b and of a current cluster. */
        private KnownOverlap knownOverlap(List<KnownOverlap> known, int[] clusterOf, int a, int b) {
            for (KnownOverlap k : known) {
                int ca = clusterOf[k.pointA];
                int cb = clusterOf[k.pointB];
                if ((ca == a || ca == b) && (cb == a || cb == b)) {
                    return k; // the cluster it overlapped has only grown since
                }
            }
            return null;
        }

        private record CheapOutcome(ClusterShape overlapping, List<Task> tasks, Map<Integer, Hyperplane> found) {}

        /** The exact cheap tests of the union against some clusters; stops at the first overlap. */
        private CheapOutcome cheapTests(ClusterShape union, List<ClusterShape> others, Map<Integer, Hyperplane> ofA,
                Map<Integer, Hyperplane> ofB) {
            List<Task> tasks = new ArrayList<>();
            Map<Integer, Hyperplane> found = new HashMap<>();
            for (ClusterShape d : others) {
                if (knownSeparable(union, d)) {
                    continue;
                }
                Boolean cheap = tester.cheapOverlap(union, d);
                if (cheap == null) {
                    Hyperplane h = ofA.get(d.id());
                    if (h == null || !tester.cachedSeparates(h, union, d)) {
                        Hyperplane fromB = ofB.get(d.id());
                        if (fromB != null && tester.cachedSeparates(fromB, union, d)) {
                            h = fromB;
                        } else {
                            // start from a cached plane that nearly separates, else the centroid direction
                            Hyperplane start = h != null ? h : fromB;
                            h = tester.relaxed(union, d, start);
                            if (h == null) {
                                tasks.add(new Task(union, d, ClusterShape.distance(union.centroid(), d.centroid())));
                                continue;
                            }
                        }
                    }
                    found.put(d.id(), h);
                } else if (cheap) {
                    return new CheapOutcome(d, List.of(), Map.of());
                }
            }
            return new CheapOutcome(null, tasks, found);
        }

        private void forget(Map<Integer, Map<Integer, Hyperplane>> separators, int gone) {
            Map<Integer, Hyperplane> m = separators.remove(gone);
            if (m != null) {
                for (Integer other : m.keySet()) {
                    Map<Integer, Hyperplane> back = separators.get(other);
                    if (back != null) {
                        back.remove(gone);
                    }
                }
            }
        }

        /**
         * The first overlap of the union of a and b with a cluster of another label, or null when
         * there is none. Hyperplanes that separated a or b from a cluster are tried on the union
         * before any LP; the hyperplanes that prove the union separable are put in {@code found}.
         */
        private KnownOverlap firstOverlap(ClusterShape union, int a, int b, Map<Integer, ClusterShape> shapes,
                List<Set<Integer>> idsByLabel, Map<Integer, Map<Integer, Hyperplane>> separators,
                Map<Integer, Hyperplane> found) {
            int pointA = shapes.get(a).members()[0];
            int pointB = shapes.get(b).members()[0];
            if (union.sharedPoints().length > 0) {
                // a point of the union has an identical twin of another label, which some current
                // cluster of that label holds: the union overlaps that cluster, so no test is needed
                // (on the embedding layer most candidates end here)
                tester.bySharedPoint.incrementAndGet();
                return new KnownOverlap(pointA, pointB);
            }
            Map<Integer, Hyperplane> ofA = separators.getOrDefault(a, Map.of());
            Map<Integer, Hyperplane> ofB = separators.getOrDefault(b, Map.of());
            List<ClusterShape> others = new ArrayList<>();
            for (int l = 0; l < idsByLabel.size(); l++) {
                if (l == union.label() || endSeparable[union.label()][l]) {
                    continue;
                }
                for (int id : idsByLabel.get(l)) {
                    others.add(shapes.get(id));
                }
            }
            // the cheap tests are O(size * d) each and there can be thousands: run them in parallel
            // chunks, four per thread because their costs vary a lot (one chunk per thread left a
            // quarter of the cores idle waiting for the slowest chunk)
            int chunks = Math.max(1, Math.min(4 * parallelism, others.size() / 64));
            List<Future<CheapOutcome>> parts = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                List<ClusterShape> part = others.subList(c * others.size() / chunks, (c + 1) * others.size() / chunks);
                parts.add(executor.submit(() -> cheapTests(union, part, ofA, ofB)));
            }
            List<Task> tasks = new ArrayList<>();
            KnownOverlap cheapOverlap = null;
            for (Future<CheapOutcome> f : parts) {
                CheapOutcome o = get(f);
                if (o.overlapping != null && cheapOverlap == null) {
                    cheapOverlap = new KnownOverlap(pointA, pointB);
                }
                tasks.addAll(o.tasks);
                found.putAll(o.found);
            }
            if (cheapOverlap != null) {
                return cheapOverlap;
            }
            tasks.sort(Comparator.comparingDouble(Task::centroidDistance).thenComparingInt(t -> t.b.id()));
            Map<Task, Hyperplane> separating = new java.util.concurrent.ConcurrentHashMap<>();
            List<Task> over = runLps(tasks, true, separating);
            if (over.isEmpty()) {
                for (Map.Entry<Task, Hyperplane> e : separating.entrySet()) {
                    found.put(e.getKey().b.id(), e.getValue());
                }
                return null;
            }
            // with parallel LPs the first overlap found may vary; any overlap is a correct reason to
            // discard, and only the union is remembered, so the result is unchanged
            return new KnownOverlap(pointA, pointB);
        }

        // ---------------------------------------------------------------- result

        private DirectProbeClusters finish(Partition state, int mergesToEnd, int firstOverlap) {
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
            return new DirectProbeClusters(out, labelOfCluster.stream().mapToInt(Integer::intValue).toArray(),
                    dense.size(), linear, mergesToEnd, firstOverlap, List.copyOf(timings), List.copyOf(log));
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        }
    }
}
