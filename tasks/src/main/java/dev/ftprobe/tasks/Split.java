package dev.ftprobe.tasks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One split of a task: its examples in corpus order and the number of sentences they come from
 * (sentences without any example of the task, e.g. STREUSLE sentences without a preposition,
 * count too: they are part of the split).
 */
public record Split(String name, List<Example> examples, int sentences) {
    public static final String TRAIN = "train";
    public static final String HELD_OUT = "heldout";
    public static final String DEV = "dev";
    public static final String TEST = "test";

    public Split {
        examples = List.copyOf(examples);
    }

    /** How often each label occurs, sorted by label. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Example e : examples) {
            counts.merge(e.label(), 1, Integer::sum);
        }
        return counts;
    }
}
