package dev.ftprobe.extractor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a split's sentences go through the encoder: windows of consecutive sentences, each window's
 * sentences sorted by subword length (ties by position) and cut into batches.
 *
 * <p>The encoder pads a batch to its longest sentence and pays for every padded position; batches of sentences of about
 * one length carry almost none. A window bounds what sorting holds back: its vectors wait for its last batch, so that
 * examples are still written in their order, and a window holds at most {@code maxWindowExamples} examples' and
 * {@code maxWindowBatches} batches' worth of sentences. The plan depends on the lengths and the limits only, so the
 * same split is batched the same way every time.
 */
final class SentenceBatches {
    private SentenceBatches() {}

    /**
     * Consecutive sentences {@code [from, to)} and their batches, each batch the sentences' indices in the split, in
     * ascending order of (length, index).
     */
    record Window(int from, int to, List<int[]> batches) {}

    /**
     * Plans a split's windows and batches.
     *
     * @param lengths each sentence's subword length, [CLS] and [SEP] included
     * @param examples each sentence's number of examples (its targets)
     * @param batchSentences the most sentences in one batch, {@code >= 1}
     * @param maxWindowBatches the most batches in one window, {@code >= 1}
     * @param maxWindowExamples the most examples a window holds back, {@code >= 1}; a sentence with more is a window of
     *     its own
     */
    static List<Window> plan(
            int[] lengths, int[] examples, int batchSentences, int maxWindowBatches, int maxWindowExamples) {
        if (lengths.length != examples.length) {
            throw new IllegalArgumentException(
                    lengths.length + " sentence lengths but " + examples.length + " example counts");
        }
        if (batchSentences < 1 || maxWindowBatches < 1 || maxWindowExamples < 1) {
            throw new IllegalArgumentException("batch " + batchSentences + ", window batches " + maxWindowBatches
                    + " and window examples " + maxWindowExamples + " must all be >= 1");
        }
        long maxWindowSentences = (long) batchSentences * maxWindowBatches;
        List<Window> windows = new ArrayList<>();
        int from = 0;
        while (from < lengths.length) {
            int to = from + 1;
            long held = examples[from];
            while (to < lengths.length && to - from < maxWindowSentences && held + examples[to] <= maxWindowExamples) {
                held += examples[to];
                to++;
            }
            windows.add(new Window(from, to, batches(lengths, from, to, batchSentences)));
            from = to;
        }
        return windows;
    }

    private static List<int[]> batches(int[] lengths, int from, int to, int batchSentences) {
        Integer[] order = new Integer[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i));
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < order.length; b += batchSentences) {
            int n = Math.min(batchSentences, order.length - b);
            int[] batch = new int[n];
            for (int i = 0; i < n; i++) {
                batch[i] = order[b + i];
            }
            out.add(batch);
        }
        return out;
    }
}
