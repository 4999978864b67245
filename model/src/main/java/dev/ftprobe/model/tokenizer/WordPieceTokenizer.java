package dev.ftprobe.model.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Uncased BERT tokenization: {@link BasicTokenizer} then greedy longest-match-first WordPiece with {@code ##}
 * continuations; a word longer than {@value #MAX_CHARS_PER_WORD} characters, or one that cannot be covered by
 * vocabulary pieces, becomes {@code [UNK]}.
 */
public final class WordPieceTokenizer {
    public static final int MAX_CHARS_PER_WORD = 100;

    /** What to do when a sentence does not fit the maximum length. */
    public enum Overflow {
        /** throw {@link SequenceTooLongException} */
        FAIL,
        /** keep the words that fit whole and set {@link Encoding#truncated()} */
        TRUNCATE
    }

    /** A sentence needs more positions than the maximum length allows. */
    public static final class SequenceTooLongException extends IllegalArgumentException {
        public SequenceTooLongException(String message) {
            super(message);
        }
    }

    private final Vocabulary vocab;
    private final BasicTokenizer basic;

    public WordPieceTokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        this.basic = new BasicTokenizer(
                Set.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.CLS, Vocabulary.SEP, Vocabulary.MASK));
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    /** The subword tokens of a text, without [CLS]/[SEP]. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            wordPiece(word, out);
        }
        return out;
    }

    /** Greedy longest-match-first WordPiece of one basic token. */
    void wordPiece(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > MAX_CHARS_PER_WORD) {
            out.add(Vocabulary.UNK);
            return;
        }
        if (vocab.contains(word)) {
            out.add(word);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            String found = null;
            while (start < end) {
                String sub = new String(cps, start, end - start);
                if (start > 0) {
                    sub = "##" + sub;
                }
                if (vocab.contains(sub)) {
                    found = sub;
                    break;
                }
                end--;
            }
            if (found == null) {
                out.add(Vocabulary.UNK);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Encodes running text; the words of the alignment are its whitespace-separated parts. */
    public Encoding encodeText(String text, int maxLength, Overflow overflow) {
        String trimmed = text.strip();
        List<String> words = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
        return encodeWords(words, maxLength, overflow);
    }

    /**
     * Encodes a pre-tokenized sentence as {@code [CLS] pieces [SEP]}, unpadded, keeping for every word the span of its
     * subwords. A word whose basic tokenization is empty (only control characters, say) is encoded as {@code [UNK]} so
     * that every word has a vector.
     */
    public Encoding encodeWords(List<String> words, int maxLength, Overflow overflow) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must be at least 3, got " + maxLength);
        }
        List<Integer> ids = new ArrayList<>();
        List<Encoding.WordSpan> spans = new ArrayList<>();
        ids.add(vocab.clsId());
        boolean truncated = false;
        List<String> pieces = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            pieces.clear();
            for (String bt : basic.tokenize(words.get(w))) {
                wordPiece(bt, pieces);
            }
            if (pieces.isEmpty()) {
                pieces.add(Vocabulary.UNK);
            }
            if (ids.size() + pieces.size() + 1 > maxLength) {
                if (overflow == Overflow.FAIL) {
                    throw new SequenceTooLongException("sentence of " + words.size()
                            + " words does not fit " + maxLength + " positions: word " + (w + 1)
                            + " ('" + words.get(w) + "') would end at subword "
                            + (ids.size() + pieces.size() + 1));
                }
                truncated = true;
                break;
            }
            int start = ids.size();
            for (String p : pieces) {
                ids.add(vocab.id(p));
            }
            spans.add(new Encoding.WordSpan(start, ids.size()));
        }
        ids.add(vocab.sepId());
        long[] idArr = new long[ids.size()];
        long[] mask = new long[ids.size()];
        for (int i = 0; i < idArr.length; i++) {
            idArr[i] = ids.get(i);
            mask[i] = 1;
        }
        return new Encoding(idArr, new long[idArr.length], mask, List.copyOf(spans), truncated, words.size());
    }
}
