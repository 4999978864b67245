package dev.ftprobe.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Splits a list of sentence ids in two, deterministically: the ids (in corpus order) are shuffled with
 * {@link java.util.Random} seeded by {@code seed}, whose algorithm the JDK specifies, so the same ids, fraction and
 * seed give the same split on any JVM; the first {@code round(fraction * n)} go to the first part. Splitting by
 * sentence keeps all examples of a sentence on one side.
 */
public final class SentenceSplitter {
    private SentenceSplitter() {}

    /** The two parts, each in corpus order. */
    public record Parts(List<String> first, List<String> second) {}

    public static Parts split(List<String> sentenceIds, double firstFraction, long seed) {
        if (!(firstFraction > 0.0 && firstFraction < 1.0)) {
            throw new IllegalArgumentException("fraction must be strictly between 0 and 1, got " + firstFraction);
        }
        Set<String> unique = new LinkedHashSet<>(sentenceIds);
        if (unique.size() != sentenceIds.size()) {
            throw new IllegalArgumentException("sentence ids must be unique");
        }
        List<String> shuffled = new ArrayList<>(sentenceIds);
        Collections.shuffle(shuffled, new Random(seed));
        int firstSize = (int) Math.round(firstFraction * shuffled.size());
        if (shuffled.size() >= 2) {
            firstSize = Math.max(1, Math.min(shuffled.size() - 1, firstSize));
        }
        Set<String> first = new HashSet<>(shuffled.subList(0, firstSize));
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (String id : sentenceIds) {
            (first.contains(id) ? a : b).add(id);
        }
        return new Parts(a, b);
    }
}
