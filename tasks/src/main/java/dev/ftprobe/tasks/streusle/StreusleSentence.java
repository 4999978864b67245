package dev.ftprobe.tasks.streusle;

import java.util.List;

/** A STREUSLE sentence: its id, its tokens' words in order, and its lexical units. */
public record StreusleSentence(String id, List<String> words, List<StreusleUnit> units) {
    public StreusleSentence {
        words = List.copyOf(words);
        units = List.copyOf(units);
    }
}
