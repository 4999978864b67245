package dev.ftprobe.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state along the merges with what testing a candidate merge needs: each cluster's shape, the clusters of each label
 * and the hyperplanes that separated pairs of them. The forward search and the greedy phase walk such a state merge by
 * merge.
 */
final class MergeState {
    private final LabelledPoints points;
    private final Partition partition;
    private final Map<Integer, ClusterShape> shapes = new HashMap<>();
    private final List<Set<Integer>> idsByLabel = new ArrayList<>();
    private final SeparatorCache separators = new SeparatorCache();

    MergeState(LabelledPoints points, Partition partition) {
        this.points = points;
        this.partition = partition;
        // insertion-ordered sets: the same iteration order as lists, but O(1) removal (list removal
        // was a visible share of the profile with thousands of clusters)
        for (int l = 0; l < points.labelCount(); l++) {
            idsByLabel.add(new LinkedHashSet<>());
        }
        for (int id : partition.activeIds()) {
            shapes.put(id, ClusterShape.of(points, id, partition.label(id), partition.members(id)));
            idsByLabel.get(partition.label(id)).add(id);
        }
    }

    Partition partition() {
        return partition;
    }

    ClusterShape shape(int id) {
        return shapes.get(id);
    }

    int labelCount() {
        return idsByLabel.size();
    }

    /** The current clusters of a label, in the order they appeared; read-only. */
    Set<Integer> idsOfLabel(int label) {
        return idsByLabel.get(label);
    }

    /** The hyperplanes that separated cluster {@code id} from others, by the other's id. */
    Map<Integer, Hyperplane> separatorsOf(int id) {
        return separators.of(id);
    }

    /** The shape of the union of clusters a and b, under the id the state gives its next merge. */
    ClusterShape union(int a, int b) {
        ClusterShape sa = shapes.get(a);
        ClusterShape sb = shapes.get(b);
        int[] mem = new int[sa.members().length + sb.members().length];
        System.arraycopy(sa.members(), 0, mem, 0, sa.members().length);
        System.arraycopy(sb.members(), 0, mem, sa.members().length, sb.members().length);
        return ClusterShape.of(points, partition.nextId(), sa.label(), mem);
    }

    /**
     * Merges a and b, whose union (from {@link #union}) overlaps nothing, keeping the hyperplanes in {@code found} (by
     * the other cluster's id) that separate it; returns the new id.
     */
    int merge(int a, int b, ClusterShape union, Map<Integer, Hyperplane> found) {
        int c = partition.merge(a, b);
        separators.forget(a);
        separators.forget(b);
        separators.put(c, found);
        shapes.remove(a);
        shapes.remove(b);
        shapes.put(c, union.withId(c));
        Set<Integer> ids = idsByLabel.get(union.label());
        ids.remove(a);
        ids.remove(b);
        ids.add(c);
        return c;
    }
}
