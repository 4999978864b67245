package dev.ftprobe.tasks.conllu;

import java.util.List;

/** A CoNLL-U sentence: its {@code sent_id} and its words in order ({@code words.get(i).id() == i + 1}). */
public record ConlluSentence(String id, List<ConlluWord> words) {
    public ConlluSentence {
        words = List.copyOf(words);
    }

    public List<String> forms() {
        return List.copyOf(words.stream().map(ConlluWord::form).toList());
    }
}
