package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.checkpoint.CheckpointDirs;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.tokenizer.VocabularyBuilder;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer.Overflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTunerTest {
    // a toy tagging task: the label of a word is the group it comes from
    static final List<List<String>> GROUPS = List.of(
            List.of("cat", "dog", "horse", "bird"), List.of("runs", "jumps", "sleeps", "eats"),
            List.of("red", "big", "old", "quick"), List.of("the", "a", "this", "every"));

    static Vocabulary toyVocab() {
        VocabularyBuilder vb = new VocabularyBuilder();
        GROUPS.forEach(g -> g.forEach(w -> vb.add(w + " " + w)));
        return vb.build(1000, 2);
    }

    @Test
    void learningRateScheduleIsLinearWithWarmup() {
        LinearSchedule s = LinearSchedule.withTenPercentWarmup(3e-4f, 100);
        assertThat(s.lr(0)).isZero();
        assertThat(s.lr(5)).isCloseTo(1.5e-4f, within(1e-9f));
        assertThat(s.lr(10)).isCloseTo(3e-4f, within(1e-9f));
        assertThat(s.lr(55)).isCloseTo(1.5e-4f, within(1e-9f));
        assertThat(s.lr(100)).isZero();
    }

    @Test
    void tinyModelLearnsAToyTaggingTask(@TempDir Path dir) throws Exception {
        Vocabulary vocab = toyVocab();
        ModelSource.Options o = new ModelSource.Options().optVocabulary(vocab);
        try (BertModel model = BertModel.load(ModelSource.parse("random:tiny:5"), o)) {
            assertThat(model.config().hiddenSize()).isEqualTo(128);
            TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.WORD, 128, 4, 17);
            FineTuner ft = new FineTuner(model, head, new LinearSchedule(1e-3f, 5, 60));
            Random rnd = new Random(3);
            List<Float> losses = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                List<Encoding> batch = new ArrayList<>();
                List<List<Target>> targets = new ArrayList<>();
                List<int[]> labels = new ArrayList<>();
                for (int s = 0; s < 8; s++) {
                    int len = 3 + rnd.nextInt(4);
                    List<String> words = new ArrayList<>();
                    int[] ls = new int[len];
                    List<Target> ts = new ArrayList<>();
                    for (int i = 0; i < len; i++) {
                        ls[i] = rnd.nextInt(4);
                        words.add(GROUPS.get(ls[i]).get(rnd.nextInt(4)));
                        ts.add(new Target.Word(i));
                    }
                    batch.add(model.tokenizer().encodeWords(words, 32, Overflow.FAIL));
                    targets.add(ts);
                    labels.add(ls);
                }
                losses.add(ft.step(batch, targets, labels));
            }
            float first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
            float last = (losses.get(47) + losses.get(48) + losses.get(49)) / 3;
            assertThat(first).isCloseTo((float) Math.log(4), within(0.2f));
            assertThat(last).as("losses %s", losses).isLessThan(first / 4);
            assertThat(ft.stepsDone()).isEqualTo(50);

            // the fine-tuned weights round-trip through an HF checkpoint
            String sha = CheckpointDirs.writeHf(
                    dir.resolve("ft"), model.config(), vocab, model.encoderTensors(), head.tensors());
            assertThat(sha).hasSize(64);
            Encoding e = model.tokenizer().encodeWords(List.of("the", "quick", "dog"), 32, Overflow.FAIL);
            float[][][] before = model.targetVectors(List.of(e), List.of(List.of(new Target.Word(2))), new int[] {2});
            try (BertModel back = BertModel.of(CheckpointDirs.read(dir.resolve("ft")))) {
                assertThat(back.extraTensors()).containsOnlyKeys(TaskHead.WEIGHT, TaskHead.BIAS);
                float[][][] after = back.targetVectors(List.of(e), List.of(List.of(new Target.Word(2))), new int[] {2});
                assertThat(after[0][0]).containsExactly(before[0][0], within(1e-6f));
            }
        }
    }

    @Test
    void targetVectorsAreMeansConcatsAndCls() throws Exception {
        Vocabulary vocab = toyVocab();
        try (BertModel model =
                BertModel.load(ModelSource.parse("random:tiny:1"), new ModelSource.Options().optVocabulary(vocab))) {
            // "cats" is not a vocabulary word: c ##a ##t ##s, four subwords
            Encoding e = model.tokenizer().encodeWords(List.of("the", "cats", "runs"), 32, Overflow.FAIL);
            assertThat(e.wordSpans().get(1).length()).isGreaterThan(1);
            float[][][] words = model.targetVectors(
                    List.of(e), List.of(List.of(new Target.Word(1), new Target.Word(2))), new int[] {0, 2});
            float[][][] pair = model.targetVectors(List.of(e), List.of(List.of(new Target.Pair(1, 2))), new int[] {2});
            float[][][] cls = model.targetVectors(List.of(e), List.of(List.of(new Target.Sentence())), new int[] {1});
            try (var m = model.manager().newSubManager()) {
                BertModel.Inputs in = model.inputs(m, List.of(e));
                var out = model.encoder().forward(in.ids(), in.typeIds(), in.mask(), true);
                for (int li = 0; li < 2; li++) {
                    int layer = li == 0 ? 0 : 2;
                    float[] h = out.hiddenStates().get(layer).toFloatArray();
                    Encoding.WordSpan sp = e.wordSpans().get(1);
                    for (int j = 0; j < 128; j++) {
                        float mean = 0;
                        for (int t = sp.start(); t < sp.end(); t++) {
                            mean += h[t * 128 + j];
                        }
                        mean /= sp.length();
                        assertThat(words[li][0][j]).isCloseTo(mean, within(1e-5f));
                        assertThat(words[li][1][j])
                                .isCloseTo(h[e.wordSpans().get(2).start() * 128 + j], within(1e-5f));
                    }
                }
                float[] h1 = out.hiddenStates().get(1).toFloatArray();
                for (int j = 0; j < 128; j++) {
                    assertThat(cls[0][0][j]).isCloseTo(h1[j], within(1e-5f));
                }
            }
            assertThat(pair[0][0]).hasSize(256);
            for (int j = 0; j < 128; j++) {
                assertThat(pair[0][0][j]).isCloseTo(words[1][0][j], within(1e-5f));
                assertThat(pair[0][0][128 + j]).isCloseTo(words[1][1][j], within(1e-5f));
            }
            assertThatThrownBy(
                            () -> model.targetVectors(List.of(e), List.of(List.of(new Target.Word(3))), new int[] {0}))
                    .hasMessageContaining("no word 3");
            assertThatThrownBy(() -> model.fillMask("the [MASK]", 5)).hasMessageContaining("masked-LM head");
        }
    }
}
