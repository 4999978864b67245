package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a candidate merge's union overlaps a current cluster of another label: the test behind both the forward
 * search and the greedy phase. Labels whose end clusters were separable are skipped; the cheap tests
 * ({@link UnionCheapTests}) run in parallel chunks, then the certificates (and LPs) of what they left, cancelled at the
 * first proven overlap. A union's solve against a cluster starts from the support of the nearer of its two parts
 * against that cluster, where one was certified.
 *
 * <p>A pair that neither the certificates nor the LP decide counts as an overlap, so the merge is discarded (the
 * partition stays well defined), and a merge discarded only because of such pairs is counted ({@link #undecided}).
 */
final class UnionOverlapCheck {
    private final OverlapTester tester;
    private final UnionCheapTests cheapTests;
    private final Workers workers;
    private final LpPool lps;
    private final SeparableLabels endSeparable;
    private final CertifiedPairs certified;
    private final AtomicInteger undecided = new AtomicInteger();

    UnionOverlapCheck(
            OverlapTester tester, Workers workers, LpPool lps, SeparableLabels endSeparable, CertifiedPairs certified) {
        this.tester = tester;
        this.cheapTests = new UnionCheapTests(tester);
        this.workers = workers;
        this.lps = lps;
        this.endSeparable = endSeparable;
        this.certified = certified;
    }

    /** The merges discarded only because of pairs that nothing decided. */
    int undecided() {
        return undecided.get();
    }

    /**
     * True when {@code union} (of the state's clusters a and b) overlaps a cluster of another label. When it does not,
     * the hyperplanes that prove it separable from each such cluster are put in {@code found}, by that cluster's id.
     */
    boolean overlaps(MergeState state, int a, int b, ClusterShape union, Map<Integer, Hyperplane> found) {
        if (union.sharedPoints().length > 0) {
            // a point of the union has an identical twin of another label, which some current
            // cluster of that label holds: the union overlaps that cluster, so no test is needed
            // (on the embedding layer most candidates end here)
            tester.bySharedPoint.incrementAndGet();
            return true;
        }
        Map<Integer, Hyperplane> ofA = state.separatorsOf(a);
        Map<Integer, Hyperplane> ofB = state.separatorsOf(b);
        List<ClusterShape> others = new ArrayList<>();
        for (int l = 0; l < state.labelCount(); l++) {
            if (l == union.label() || endSeparable.separable(union.label(), l)) {
                continue;
            }
            for (int id : state.idsOfLabel(l)) {
                others.add(state.shape(id));
            }
        }
        // the cheap tests are O(size * d) each and there can be thousands: run them in parallel
        // chunks, four per thread because their costs vary a lot (one chunk per thread left a
        // quarter of the cores idle waiting for the slowest chunk)
        int chunks = Math.max(1, Math.min(4 * workers.parallelism(), others.size() / 64));
        List<Future<UnionCheapTests.Outcome>> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            List<ClusterShape> part = others.subList(c * others.size() / chunks, (c + 1) * others.size() / chunks);
            parts.add(workers.submit(() -> cheapTests.test(union, part, ofA, ofB)));
        }
        List<LpTask> tasks = new ArrayList<>();
        boolean cheapOverlap = false;
        for (Future<UnionCheapTests.Outcome> f : parts) {
            UnionCheapTests.Outcome o = Workers.await(f);
            cheapOverlap |= o.overlapping() != null;
            tasks.addAll(o.lpTasks());
            found.putAll(o.found());
        }
        if (cheapOverlap) {
            return true;
        }
        tasks.sort(LpTask.CLOSEST_FIRST);
        ClusterShape partA = state.shape(a);
        ClusterShape partB = state.shape(b);
        tasks.replaceAll(t -> t.startingFrom(warmStart(partA, partB, t.b())));
        Map<LpTask, Hyperplane> separating = new ConcurrentHashMap<>();
        // with parallel solves the first overlap found may vary; any overlap is a correct reason to
        // discard, and only that the union overlaps is used, so the result is unchanged
        LpPool.Outcome outcome = lps.certify(tasks, true, separating);
        if (!outcome.overlapping().isEmpty()) {
            return true;
        }
        if (!outcome.undecided().isEmpty()) {
            undecided.incrementAndGet();
            return true;
        }
        for (Map.Entry<LpTask, Hyperplane> e : separating.entrySet()) {
            found.put(e.getKey().b().id(), e.getValue());
        }
        return false;
    }

    /** The support of the part nearer to {@code other}, as the union's warm start; null when neither was certified. */
    private HullSupport warmStart(ClusterShape partA, ClusterShape partB, ClusterShape other) {
        CertifiedPairs.Solve sa = certified.get(partA.members(), other.members());
        CertifiedPairs.Solve sb = certified.get(partB.members(), other.members());
        if (sa == null || sb == null) {
            return sa != null ? sa.support() : sb != null ? sb.support() : null;
        }
        return sa.distance() <= sb.distance() ? sa.support() : sb.support();
    }
}
