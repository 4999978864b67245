package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Whether a candidate merge's union overlaps a current cluster of another label: the test behind both the forward
 * search and the greedy phase. Labels whose end clusters were separable are skipped; the cheap tests
 * ({@link UnionCheapTests}) run in parallel chunks, then the LPs of what they left, cancelled at the first overlap.
 */
final class UnionOverlapCheck {
    private final OverlapTester tester;
    private final UnionCheapTests cheapTests;
    private final Workers workers;
    private final LpPool lps;
    private final SeparableLabels endSeparable;

    UnionOverlapCheck(OverlapTester tester, Workers workers, LpPool lps, SeparableLabels endSeparable) {
        this.tester = tester;
        this.cheapTests = new UnionCheapTests(tester);
        this.workers = workers;
        this.lps = lps;
        this.endSeparable = endSeparable;
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
        Map<LpTask, Hyperplane> separating = new ConcurrentHashMap<>();
        // with parallel LPs the first overlap found may vary; any overlap is a correct reason to
        // discard, and only that the union overlaps is used, so the result is unchanged
        if (!lps.overlapping(tasks, true, separating).isEmpty()) {
            return true;
        }
        for (Map.Entry<LpTask, Hyperplane> e : separating.entrySet()) {
            found.put(e.getKey().b().id(), e.getValue());
        }
        return false;
    }
}
