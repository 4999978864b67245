package dev.ftprobe.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A task's labelled examples, split: {@code train}, then {@code heldout} when carved, then {@code dev} where the corpus
 * has one, then {@code test}. The label set is that of the whole task (all splits), so label ids do not change when a
 * split is added or carved.
 */
public final class TaskDataset {
    private final TaskName task;
    private final LabelSet labels;
    private final Map<String, Split> splits;

    public TaskDataset(TaskName task, LabelSet labels, List<Split> splits) {
        this.task = task;
        this.labels = labels;
        Map<String, Split> m = new LinkedHashMap<>();
        for (Split s : splits) {
            if (m.put(s.name(), s) != null) {
                throw new IllegalArgumentException("split '" + s.name() + "' given twice");
            }
            for (Example e : s.examples()) {
                if (!labels.contains(e.label()) || labels.id(e.label()) != e.labelId()) {
                    throw new IllegalArgumentException(
                            e.id() + ": label id " + e.labelId() + " does not match " + labels);
                }
            }
        }
        this.splits = Collections.unmodifiableMap(m);
    }

    public TaskName task() {
        return task;
    }

    public TargetKind targetKind() {
        return task.targetKind();
    }

    public LabelSet labels() {
        return labels;
    }

    /** The splits by name, in the order train, heldout, dev, test. */
    public Map<String, Split> splits() {
        return splits;
    }

    public List<String> splitNames() {
        return new ArrayList<>(splits.keySet());
    }

    public Split split(String name) {
        Split s = splits.get(name);
        if (s == null) {
            throw new NoSuchElementException(
                    "task " + task + " has no split '" + name + "'; it has " + splits.keySet());
        }
        return s;
    }

    /** The labels that occur in {@code train}, sorted. */
    public List<String> trainLabels() {
        return new ArrayList<>(split(Split.TRAIN).labelCounts().keySet());
    }

    /**
     * For each split other than train, the labels it has that train lacks, with their counts. Such examples are kept (a
     * probe simply cannot get them right); this makes them visible.
     */
    public Map<String, Map<String, Integer>> labelsUnseenInTrain() {
        Map<String, Integer> train = split(Split.TRAIN).labelCounts();
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (Split s : splits.values()) {
            if (s.name().equals(Split.TRAIN)) {
                continue;
            }
            Map<String, Integer> unseen = new TreeMap<>();
            s.labelCounts().forEach((label, n) -> {
                if (!train.containsKey(label)) {
                    unseen.put(label, n);
                }
            });
            out.put(s.name(), unseen);
        }
        return out;
    }
}
