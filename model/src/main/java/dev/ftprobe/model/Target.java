package dev.ftprobe.model;

/**
 * What one example's vector is made of (METHOD.md §1): a word (the mean of its subwords), a word pair
 * (concat(dependent, head), 2H dims) or the sentence (the {@code [CLS]} vector). Word indices refer to
 * {@link dev.ftprobe.model.tokenizer.Encoding#wordSpans()}.
 */
public sealed interface Target {
    /** Number of H-sized parts the vector concatenates. */
    int parts();

    /**
     * The target of a word ({@code head < 0}), a (dependent, head) pair, or the sentence ({@code word < 0}): the tasks
     * module's convention, where an unused index is -1.
     */
    static Target of(int word, int head) {
        if (word < 0) {
            return new Sentence();
        }
        return head < 0 ? new Word(word) : new Pair(word, head);
    }

    record Word(int word) implements Target {
        public int parts() {
            return 1;
        }
    }

    record Pair(int dependent, int head) implements Target {
        public int parts() {
            return 2;
        }
    }

    record Sentence() implements Target {
        public int parts() {
            return 1;
        }
    }
}
