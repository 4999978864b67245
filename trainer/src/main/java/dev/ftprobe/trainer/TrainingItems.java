package dev.ftprobe.trainer;

import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.SentenceExamples;
import dev.ftprobe.tasks.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * A split's sentences, encoded once under the long-sentence rule shared with extraction: a sentence is encoded whole
 * within the model's positions (the context the extractor sees, [CLS] and [SEP] included), and {@code maxSeqLen} only
 * limits which examples count: one whose word ends beyond {@code maxSeqLen - 1} subwords (or beyond the model's
 * positions) is cut, left out of the loss and the evaluation and counted, while its sentence keeps its full context.
 */
final class TrainingItems {
    private TrainingItems() {}

    /** The usable sentences and the number of examples cut. */
    record Encoded(List<TrainingPlan.Item> items, int cut) {}

    static Encoded encode(BertModel model, Split split, int maxSeqLen) {
        int positions = model.config().maxPositions();
        List<TrainingPlan.Item> items = new ArrayList<>();
        int cut = 0;
        for (SentenceExamples s : SentenceExamples.group(split.examples())) {
            Encoding e = model.tokenizer().encodeWords(s.words(), positions, WordPieceTokenizer.Overflow.TRUNCATE);
            int words = wordsWithin(e, maxSeqLen);
            List<Target> ts = new ArrayList<>();
            List<Integer> ls = new ArrayList<>();
            for (Example x : s.examples()) {
                if (Targets.fits(x, words)) {
                    ts.add(Targets.of(x));
                    ls.add(x.labelId());
                } else {
                    cut++;
                }
            }
            if (!ts.isEmpty()) {
                items.add(new TrainingPlan.Item(
                        e,
                        List.copyOf(ts),
                        ls.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        return new Encoded(items, cut);
    }

    /** How many leading words end within the first {@code maxSeqLen - 1} positions (room left for [SEP]). */
    private static int wordsWithin(Encoding e, int maxSeqLen) {
        int n = 0;
        for (Encoding.WordSpan sp : e.wordSpans()) {
            if (sp.end() > maxSeqLen - 1) {
                break;
            }
            n++;
        }
        return n;
    }
}
