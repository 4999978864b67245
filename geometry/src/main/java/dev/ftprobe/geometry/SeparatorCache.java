package dev.ftprobe.geometry;

import java.util.HashMap;
import java.util.Map;

/**
 * The hyperplanes that proved pairs of current clusters separable. A merged cluster's parts' hyperplanes are tried on
 * the union before any LP (they often still separate it); the entries of clusters that are merged away are dropped.
 */
final class SeparatorCache {
    private final Map<Integer, Map<Integer, Hyperplane>> byCluster = new HashMap<>();

    /** The hyperplanes found for cluster {@code id}, by the other cluster's id; read-only. */
    Map<Integer, Hyperplane> of(int id) {
        return byCluster.getOrDefault(id, Map.of());
    }

    /** Records the hyperplanes that separate cluster {@code id} from others, by the other's id. */
    void put(int id, Map<Integer, Hyperplane> found) {
        for (Map.Entry<Integer, Hyperplane> e : found.entrySet()) {
            byCluster.computeIfAbsent(id, x -> new HashMap<>()).put(e.getKey(), e.getValue());
            byCluster.computeIfAbsent(e.getKey(), x -> new HashMap<>()).put(id, e.getValue());
        }
    }

    /** Drops every entry of a cluster that no longer exists. */
    void forget(int gone) {
        Map<Integer, Hyperplane> m = byCluster.remove(gone);
        if (m != null) {
            for (Integer other : m.keySet()) {
                Map<Integer, Hyperplane> back = byCluster.get(other);
                if (back != null) {
                    back.remove(gone);
                }
            }
        }
    }
}
