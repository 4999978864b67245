package dev.ftprobe.model.tokenizer;

import java.util.List;

/**
 * One tokenized sentence: {@code [CLS] subwords [SEP]}, padded to {@code ids.length}.
 *
 * @param ids token ids, padded with {@code [PAD]}
 * @param typeIds token-type (segment) ids, all 0 for a single sentence
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param wordSpans per input word, the subword positions {@code [start, end)} in {@code ids} (position 0 is
 *     {@code [CLS]}); only words that fit are listed when truncated
 * @param truncated whether words were dropped to fit the maximum length
 * @param wordCount the number of input words (can exceed {@code wordSpans.size()} when truncated)
 */
public record Encoding(
        long[] ids, long[] typeIds, long[] attentionMask, List<WordSpan> wordSpans, boolean truncated, int wordCount) {

    /** The subword positions {@code [start, end)} of one word; never empty. */
    public record WordSpan(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    public int length() {
        return ids.length;
    }

    /** Number of real tokens including [CLS] and [SEP]. */
    public int realLength() {
        int n = 0;
        for (long m : attentionMask) {
            n += (int) m;
        }
        return n;
    }
}
