package dev.ftprobe.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence and its examples, in corpus order: the unit that the trainer batches and the extractor encodes, since one
 * forward pass over a sentence gives the vectors of all its examples.
 *
 * @param sentenceId the sentence's id in its corpus
 * @param words the sentence's words
 * @param examples the sentence's examples, in corpus order
 */
public record SentenceExamples(String sentenceId, List<String> words, List<Example> examples) {

    /** Groups a split's examples by sentence; the examples of a sentence are consecutive. */
    public static List<SentenceExamples> group(List<Example> examples) {
        List<SentenceExamples> out = new ArrayList<>();
        List<Example> current = new ArrayList<>();
        for (Example e : examples) {
            if (!current.isEmpty() && !current.get(0).sentenceId().equals(e.sentenceId())) {
                out.add(of(current));
                current.clear();
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            out.add(of(current));
        }
        return out;
    }

    private static SentenceExamples of(List<Example> sentence) {
        Example first = sentence.get(0);
        return new SentenceExamples(first.sentenceId(), first.words(), List.copyOf(sentence));
    }
}
