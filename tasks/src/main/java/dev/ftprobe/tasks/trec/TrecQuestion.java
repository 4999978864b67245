package dev.ftprobe.tasks.trec;

import java.util.List;

/**
 * A TREC question.
 *
 * @param line the 1-based line it was read from (its stable id within the file)
 * @param label the fine label, {@code COARSE:fine}
 * @param words the question's tokens (the files are tokenized, separated by spaces)
 */
public record TrecQuestion(long line, String label, List<String> words) {
    public TrecQuestion {
        words = List.copyOf(words);
    }

    public String coarseLabel() {
        return label.substring(0, label.indexOf(':'));
    }
}
