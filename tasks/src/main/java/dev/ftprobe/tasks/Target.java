package dev.ftprobe.tasks;

/**
 * The target of an example inside its sentence's word list. Indices are 0-based positions in {@link Example#words()};
 * unused indices are -1.
 *
 * @param kind which of the three shapes this is
 * @param word the word (WORD) or the dependent (WORD_PAIR); -1 for SENTENCE
 * @param head the head word (WORD_PAIR only); -1 otherwise
 */
public record Target(TargetKind kind, int word, int head) {
    public Target {
        switch (kind) {
            case WORD -> require(word >= 0 && head == -1, kind, word, head);
            case WORD_PAIR -> require(word >= 0 && head >= 0 && word != head, kind, word, head);
            case SENTENCE -> require(word == -1 && head == -1, kind, word, head);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    public static Target word(int index) {
        return new Target(TargetKind.WORD, index, -1);
    }

    public static Target pair(int dependent, int head) {
        return new Target(TargetKind.WORD_PAIR, dependent, head);
    }

    public static Target sentence() {
        return new Target(TargetKind.SENTENCE, -1, -1);
    }

    private static void require(boolean ok, TargetKind kind, int word, int head) {
        if (!ok) {
            throw new IllegalArgumentException("invalid " + kind + " target: word=" + word + ", head=" + head);
        }
    }
}
