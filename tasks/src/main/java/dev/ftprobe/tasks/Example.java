package dev.ftprobe.tasks;

import java.util.List;
import java.util.Objects;

/**
 * One labelled probing example.
 *
 * @param id stable id, unique within a task: {@code <task>:<sentence id>:<target>}
 * @param sentenceId the id of the sentence it comes from (splits are made by sentence)
 * @param words the sentence's words, as the corpus tokenizes them
 * @param target the word, word pair or whole sentence the label belongs to
 * @param label the label string
 * @param labelId the label's index in the task's sorted {@link LabelSet}
 */
public record Example(String id, String sentenceId, List<String> words, Target target, String label, int labelId) {
    public Example {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sentenceId, "sentenceId");
        words = List.copyOf(words);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(label, "label");
        if (target.word() >= words.size() || target.head() >= words.size()) {
            throw new IllegalArgumentException(id + ": target " + target + " outside " + words.size() + " words");
        }
    }

    public TargetKind targetKind() {
        return target.kind();
    }
}
