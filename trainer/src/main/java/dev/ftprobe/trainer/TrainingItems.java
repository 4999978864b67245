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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The training sentences, encoded once: each with the targets that survive truncation, and their labels. */
final class TrainingItems {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the service's log category

    private TrainingItems() {}

    static List<TrainingPlan.Item> encode(BertModel model, Split train, int maxLen) {
        List<TrainingPlan.Item> items = new ArrayList<>();
        int dropped = 0;
        for (SentenceExamples s : SentenceExamples.group(train.examples())) {
            Encoding e = model.tokenizer().encodeWords(s.words(), maxLen, WordPieceTokenizer.Overflow.TRUNCATE);
            List<Target> ts = new ArrayList<>();
            List<Integer> ls = new ArrayList<>();
            for (Example x : s.examples()) {
                if (Targets.fits(x, e.wordSpans().size())) {
                    ts.add(Targets.of(x));
                    ls.add(x.labelId());
                } else {
                    dropped++;
                }
            }
            if (!ts.isEmpty()) {
                items.add(new TrainingPlan.Item(
                        e,
                        List.copyOf(ts),
                        ls.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        if (dropped > 0) {
            LOG.warn("{} training example(s) fall beyond {} subwords and are left out of training", dropped, maxLen);
        }
        return items;
    }
}
