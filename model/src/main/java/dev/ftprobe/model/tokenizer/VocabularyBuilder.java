package dev.ftprobe.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a vocabulary from training text for randomly initialised models that have no {@code vocab.txt}. Deliberately
 * simple, not WordPiece training: the special tokens, then every single character seen (as itself and as a {@code ##}
 * continuation, so any seen word can be spelled), then whole basic tokens with at least {@code minCount} occurrences,
 * most frequent first (ties alphabetical), up to {@code maxSize} entries in all.
 */
public final class VocabularyBuilder {
    private final Map<String, Integer> counts = new HashMap<>();
    private final BasicTokenizer basic = new BasicTokenizer(Set.of());

    public VocabularyBuilder add(String text) {
        for (String t : basic.tokenize(text)) {
            counts.merge(t, 1, Integer::sum);
        }
        return this;
    }

    public Vocabulary build(int maxSize, int minCount) {
        List<String> tokens = new ArrayList<>(
                List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.CLS, Vocabulary.SEP, Vocabulary.MASK));
        TreeSet<String> chars = new TreeSet<>();
        for (String w : counts.keySet()) {
            w.codePoints().forEach(cp -> chars.add(Character.toString(cp)));
        }
        for (String c : chars) {
            tokens.add(c);
        }
        for (String c : chars) {
            tokens.add("##" + c);
        }
        Set<String> have = new HashSet<>(tokens);
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !have.contains(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, maxSize - tokens.size()))
                .forEach(e -> tokens.add(e.getKey()));
        return new Vocabulary(tokens);
    }
}
