package dev.ftprobe.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One split of a task: its examples in corpus order and the number of sentences they come from (sentences without any
 * example of the task, e.g. STREUSLE sentences without a preposition, count too: they are part of the split).
 */
public record Split(String name, List<Example> examples, int sentences) {
    public static final String TRAIN = "train";
    public static final String HELD_OUT = "heldout";
    public static final String DEV = "dev";
    public static final String TEST = "test";

    public Split {
        examples = List.copyOf(examples);
    }

    /**
     * The examples grouped by sentence, in corpus order, so that a consumer can encode each sentence once for all of
     * its examples. Sentences without examples are not listed.
     */
    public Map<String, List<Example>> examplesBySentence() {
        Map<String, List<Example>> out = new LinkedHashMap<>();
        for (Example e : examples) {
            out.computeIfAbsent(e.sentenceId(), k -> new ArrayList<>()).add(e);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
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
