package dev.ftprobe.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A task's labels, sorted (by {@link String#compareTo}, so independent of locale) over all of its splits. A label's id
 * is its index here, so ids are stable for a given task and data version.
 */
public final class LabelSet {
    private final List<String> labels;
    private final Map<String, Integer> ids;

    private LabelSet(List<String> sorted) {
        this.labels = Collections.unmodifiableList(sorted);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            m.put(sorted.get(i), i);
        }
        this.ids = m;
    }

    public static LabelSet of(Collection<String> labels) {
        return new LabelSet(new ArrayList<>(new TreeSet<>(labels)));
    }

    public List<String> labels() {
        return labels;
    }

    public int size() {
        return labels.size();
    }

    public boolean contains(String label) {
        return ids.containsKey(label);
    }

    /** The id of {@code label}; throws if the label is not in the set. */
    public int id(String label) {
        Integer id = ids.get(label);
        if (id == null) {
            throw new IllegalArgumentException("label '" + label + "' is not in the label set " + labels);
        }
        return id;
    }

    public String label(int id) {
        return labels.get(id);
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
