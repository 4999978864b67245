package dev.ftprobe.model.train;

import java.util.Locale;

/**
 * How a word task's head sees a word split into subwords: the mean of its subwords' vectors (the paper's "for tokens
 * that are broken into subwords, we average", also how the extractor builds representations) or its first subword's
 * vector (what HF's {@code BertForTokenClassification} classifies).
 */
public enum WordPooling {
    FIRST,
    MEAN;

    /** The flag's spelling: {@code first} or {@code mean}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code first} or {@code mean} (any case); anything else fails naming the known values. */
    public static WordPooling parse(String text) {
        for (WordPooling p : values()) {
            if (p.id().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown word pooling '" + text + "' (known: first, mean)");
    }
}
