package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DirectProbe's check of the end state (one cluster per label): every pair of clusters of different labels is tested,
 * with the cheap tests first and the nearest-point certificates (the LP where they prove nothing) in parallel. Its
 * by-product, the separable label pairs, lets every later test skip those pairs.
 *
 * <p>A pair whose hull distance the label distances will need (both clusters of more than
 * {@link LabelDistances#MIN_CLUSTER_SIZE_EXCLUSIVE} points) skips the sphere and centroid-direction tests: its solve is
 * needed anyway, and that solve decides it, so those tests would only add their cost. Smaller clusters keep them. A
 * pair that neither the certificates nor the LP decide counts as overlapping (the state is then searched and merged as
 * for an overlap, which keeps the partition well defined) and is counted in {@link Outcome#undecided}.
 */
final class EndStateCheck {
    private final LabelledPoints points;
    private final OverlapTester tester;
    private final LpPool lps;

    /** Whether the state overlaps, and which label pairs were found separable. */
    record Outcome(boolean overlaps, SeparableLabels separable, int undecided) {}

    EndStateCheck(LabelledPoints points, OverlapTester tester, LpPool lps) {
        this.points = points;
        this.tester = tester;
        this.lps = lps;
    }

    Outcome check(Partition state) {
        int[] ids = state.activeIds();
        ClusterShape[] shapeAt = new ClusterShape[ids.length];
        for (int i = 0; i < ids.length; i++) {
            shapeAt[i] = ClusterShape.of(points, ids[i], state.label(ids[i]), state.members(ids[i]));
        }
        SeparableLabels separable = new SeparableLabels(points.labelCount());
        List<LpTask> tasks = new ArrayList<>();
        boolean overlaps = false;
        for (int i = 0; i < ids.length; i++) {
            ClusterShape c = shapeAt[i];
            for (int j = 0; j < ids.length; j++) {
                ClusterShape e = shapeAt[j];
                if (c.label() == e.label()) {
                    continue;
                }
                boolean cSingle = c.members().length == 1;
                boolean eSingle = e.members().length == 1;
                // each pair once: from the non-single side, or the lower id when both are not single
                // (two single points never count as an overlap: see DirectProbe)
                if (cSingle || (!eSingle && ids[j] < ids[i])) {
                    continue;
                }
                boolean distanceNeeded = c.members().length > LabelDistances.MIN_CLUSTER_SIZE_EXCLUSIVE
                        && e.members().length > LabelDistances.MIN_CLUSTER_SIZE_EXCLUSIVE;
                Boolean cheap = distanceNeeded ? tester.trivialOverlap(c, e) : tester.cheapOverlap(c, e);
                if (cheap == null) {
                    tasks.add(LpTask.of(c, e));
                } else if (cheap) {
                    overlaps = true;
                } else {
                    separable.mark(c.label(), e.label());
                }
            }
        }
        tasks.sort(LpTask.CLOSEST_FIRST);
        LpPool.Outcome certified = lps.certify(tasks, false, null);
        overlaps |= certified.overlaps();
        Set<LpTask> notSeparable = new HashSet<>(certified.overlapping());
        notSeparable.addAll(certified.undecided());
        for (LpTask t : tasks) {
            if (!notSeparable.contains(t)) {
                separable.mark(t.a().label(), t.b().label());
            }
        }
        return new Outcome(overlaps, separable, certified.undecided().size());
    }
}
