package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact tests of a candidate merge's union against clusters of other labels that come before any LP:
 * {@link OverlapTester#cheapOverlap}, then the hyperplanes that separated either part from the cluster, then the
 * relaxation method started from such a plane (or the centroid direction). What none of them decides is left to the LP.
 */
final class UnionCheapTests {
    private final OverlapTester tester;

    /**
     * @param overlapping a cluster the union overlaps (the tests stopped there), or null
     * @param lpTasks the pairs left to the LP
     * @param found the hyperplanes that separate the union from the other clusters, by their ids
     */
    record Outcome(ClusterShape overlapping, List<LpTask> lpTasks, Map<Integer, Hyperplane> found) {}

    UnionCheapTests(OverlapTester tester) {
        this.tester = tester;
    }

    /**
     * Tests the union against {@code others}; stops at the first overlap. {@code ofA} and {@code ofB} are the
     * hyperplanes of the union's parts, by the other cluster's id.
     */
    Outcome test(
            ClusterShape union, List<ClusterShape> others, Map<Integer, Hyperplane> ofA, Map<Integer, Hyperplane> ofB) {
        List<LpTask> tasks = new ArrayList<>();
        Map<Integer, Hyperplane> found = new HashMap<>();
        for (ClusterShape d : others) {
            Boolean cheap = tester.cheapOverlap(union, d);
            if (cheap == null) {
                Hyperplane h = separator(union, d, ofA.get(d.id()), ofB.get(d.id()));
                if (h == null) {
                    tasks.add(LpTask.of(union, d));
                } else {
                    found.put(d.id(), h);
                }
            } else if (cheap) {
                return new Outcome(d, List.of(), Map.of());
            }
        }
        return new Outcome(null, tasks, found);
    }

    /** A cached plane of a part that separates the union from d, else one from the relaxation method, or null. */
    private Hyperplane separator(ClusterShape union, ClusterShape d, Hyperplane fromA, Hyperplane fromB) {
        if (fromA != null && tester.cachedSeparates(fromA, union, d)) {
            return fromA;
        }
        if (fromB != null && tester.cachedSeparates(fromB, union, d)) {
            return fromB;
        }
        // start from a cached plane that nearly separates, else the centroid direction
        return tester.relaxed(union, d, fromA != null ? fromA : fromB);
    }
}
