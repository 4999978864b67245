package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeadEvaluationTest {
    @Test
    void aStopAbandonsTheEvaluationBetweenTwoBatchesAndNoStopChangesNothing() throws Exception {
        ModelSource.Options o = new ModelSource.Options().optVocabulary(FineTunerTest.toyVocab());
        try (BertModel model = BertModel.load(ModelSource.parse("random:tiny:5"), o)) {
            TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.WORD, 128, 4, 17);
            Random rnd = new Random(11);
            List<HeadEvaluation.Sentence> sentences = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                List<String> words = new ArrayList<>();
                List<Target> targets = new ArrayList<>();
                int[] labels = new int[4];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = rnd.nextInt(4);
                    words.add(FineTunerTest.GROUPS.get(labels[i]).get(rnd.nextInt(4)));
                    targets.add(new Target.Word(i));
                }
                sentences.add(new HeadEvaluation.Sentence(
                        model.tokenizer().encodeWords(words, 32, Overflow.FAIL), targets, labels));
            }
            HeadEvaluation.Result plain = HeadEvaluation.evaluate(model, head, WordPooling.MEAN, sentences, 3);
            HeadEvaluation.Result unstopped =
                    HeadEvaluation.evaluate(model, head, WordPooling.MEAN, sentences, 3, () -> false);
            assertThat(unstopped).isEqualTo(plain);
            assertThat(plain.examples()).isEqualTo(40);

            // asked before each of the four batches; says stop at the third
            AtomicInteger asked = new AtomicInteger();
            assertThatThrownBy(() -> HeadEvaluation.evaluate(
                            model, head, WordPooling.MEAN, sentences, 3, () -> asked.incrementAndGet() == 3))
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("evaluation stopped after 6 of 10 sentences");
            assertThat(asked).hasValue(3);
        }
    }
}
