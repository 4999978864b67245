package dev.ftprobe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.SafeTensors;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two fine-tuning steps at dropout 0 equal those of PyTorch with HF's semantics (src/test/python/make_reference.py
 * {@code finetune}: the pooler and sequence head, the token head on first subwords, the pair head on mean subwords,
 * {@code clip_grad_norm_(1.0)}, transformers 4.2.1's AdamW with weight decay 0): the losses, the gradient norms before
 * clipping (all above 1, so clipping acts) and the updated weights, within 1e-5 relative.
 */
class FineTuneReferenceTest {
    static final int[][][] SPANS = {{{1, 3}, {3, 4}, {4, 6}}, {{1, 2}, {2, 3}}, {{1, 2}, {2, 5}, {5, 7}}};
    static final int[] LENGTHS = {7, 4, 8};

    @Test
    void sentenceHeadThroughThePooler() throws Exception {
        check(
                "sentence",
                TaskHead.Kind.SENTENCE,
                WordPooling.MEAN,
                4,
                List.of(List.of(new Target.Sentence()), List.of(new Target.Sentence()), List.of(new Target.Sentence())),
                List.of(new int[] {1}, new int[] {3}, new int[] {0}));
    }

    @Test
    void wordHeadOnFirstSubwords() throws Exception {
        check(
                "word_first",
                TaskHead.Kind.WORD,
                WordPooling.FIRST,
                5,
                List.of(words(0, 1, 2), words(0, 1), words(1, 2)),
                List.of(new int[] {1, 3, 0}, new int[] {2, 4}, new int[] {0, 1}));
    }

    @Test
    void pairHeadOnMeanSubwords() throws Exception {
        check(
                "pair_mean",
                TaskHead.Kind.WORD_PAIR,
                WordPooling.MEAN,
                5,
                List.of(
                        List.of(new Target.Pair(0, 1), new Target.Pair(2, 1)),
                        List.of(new Target.Pair(1, 0)),
                        List.of(new Target.Pair(0, 2), new Target.Pair(1, 2))),
                List.of(new int[] {1, 3}, new int[] {2}, new int[] {0, 4}));
    }

    @Test
    void dropoutStepsAreReproducibleAndAResumedTunerContinuesExactly() throws Exception {
        List<List<Target>> targets = List.of(words(0, 1, 2), words(0, 1), words(1, 2));
        List<int[]> ys = List.of(new int[] {1, 3, 0}, new int[] {2, 4}, new int[] {0, 1});
        FineTuningRecipe recipe = new FineTuningRecipe(1.0, 0.1f, 0.1f, WordPooling.MEAN, 5);
        float[] plain = run(FineTuningRecipe.plain(5), targets, ys, 2, false);
        float[] once = run(recipe, targets, ys, 2, false);
        float[] again = run(recipe, targets, ys, 2, false);
        assertThat(again).containsExactly(once);
        assertThat(once[0]).as("dropout changes the loss").isNotEqualTo(plain[0]);
        // stopped after step 1 and resumed from weights + optimizer state: the same step 2, bit for bit
        float[] resumed = run(recipe, targets, ys, 1, true);
        assertThat(resumed).containsExactly(once);
    }

    /** Losses of {@code steps} steps, then (with {@code resume}) the rest of 2 steps in a fresh model and tuner. */
    private float[] run(FineTuningRecipe recipe, List<List<Target>> targets, List<int[]> ys, int steps, boolean resume)
            throws Exception {
        Path dir = Path.of(getClass().getResource("/reference/config.json").toURI())
                .getParent();
        BertConfig config = BertConfig.read(dir.resolve("config.json"));
        Map<String, Tensor> inputs = SafeTensors.read(dir.resolve("expected.safetensors"));
        Map<String, Tensor> weights = SafeTensors.read(dir.resolve("weights.safetensors"));
        LinearSchedule schedule = new LinearSchedule(1e-3f, 0, 10);
        float[] losses = new float[2];
        FineTuner.State state;
        Map<String, Tensor> after = new LinkedHashMap<>();
        try (BertModel model = BertModel.of(new Checkpoint(config, vocabulary(), weights, "reference"))) {
            TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.WORD, config.hiddenSize(), 5, 3);
            FineTuner tuner = new FineTuner(model, head, schedule, recipe, null);
            for (int s = 0; s < steps; s++) {
                losses[s] = tuner.step(encodings(inputs), targets, ys);
            }
            state = tuner.state();
            after.putAll(model.encoderTensors());
            after.putAll(head.tensors());
        }
        if (!resume) {
            return losses;
        }
        try (BertModel model = BertModel.of(new Checkpoint(config, vocabulary(), after, "resumed"))) {
            TaskHead head = new TaskHead(model.manager(), TaskHead.Kind.WORD, config.hiddenSize(), 5, 99);
            head.weight().set(after.get(TaskHead.WEIGHT).data());
            head.bias().set(after.get(TaskHead.BIAS).data());
            FineTuner tuner = new FineTuner(model, head, schedule, recipe, state);
            for (int s = steps; s < 2; s++) {
                losses[s] = tuner.step(encodings(inputs), targets, ys);
            }
        }
        return losses;
    }

    private static List<Target> words(int... ws) {
        return Arrays.stream(ws).<Target>mapToObj(Target.Word::new).toList();
    }

    private void check(
            String name,
            TaskHead.Kind kind,
            WordPooling pooling,
            int labels,
            List<List<Target>> targets,
            List<int[]> ys)
            throws Exception {
        Path dir = Path.of(getClass().getResource("/reference/config.json").toURI())
                .getParent();
        BertConfig config = BertConfig.read(dir.resolve("config.json"));
        Map<String, Tensor> weights = SafeTensors.read(dir.resolve("weights.safetensors"));
        Map<String, Tensor> inputs = SafeTensors.read(dir.resolve("expected.safetensors"));
        Map<String, Tensor> fx = SafeTensors.read(dir.resolve("finetune.safetensors"));
        try (BertModel model = BertModel.of(new Checkpoint(config, vocabulary(), weights, "reference"))) {
            Tensor w0 = fx.get(name + ".init." + TaskHead.WEIGHT);
            TaskHead head = new TaskHead(model.manager(), kind, config.hiddenSize(), labels, 0);
            head.weight().set(w0.data());
            head.bias().set(fx.get(name + ".init." + TaskHead.BIAS).data());
            FineTuningRecipe recipe = new FineTuningRecipe(1.0, 0f, 0f, pooling, 7);
            FineTuner tuner = new FineTuner(model, head, new LinearSchedule(1e-3f, 0, 10), recipe, null);
            List<Encoding> batch = encodings(inputs);
            for (int step = 0; step < 2; step++) {
                float loss = tuner.step(batch, targets, ys);
                assertRelative(loss, fx.get(name + ".loss." + step).data()[0], name + " loss " + step);
                double norm = tuner.lastGradNorm();
                float want = fx.get(name + ".gradnorm." + step).data()[0];
                assertThat(want).as("clipping acts").isGreaterThan(1f);
                assertRelative(norm, want, name + " grad norm " + step);
            }
            Map<String, Tensor> now = model.encoderTensors();
            now.putAll(head.tensors());
            String prefix = name + ".after.";
            int compared = 0;
            for (Map.Entry<String, Tensor> e : fx.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                String tensor = e.getKey().substring(prefix.length());
                float[] got = now.get(tensor).data();
                float[] want = e.getValue().data();
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < want.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - want[i]));
                    scale = Math.max(scale, Math.abs(want[i]));
                }
                assertThat(worst / scale).as(name + " " + tensor).isLessThan(1e-5);
                compared++;
            }
            assertThat(compared).isEqualTo(8);
            // the step moved the weights measurably: the comparison is not of two copies of the start
            float[] start = weights.get("pooler.dense.weight").data();
            float[] after = now.get("pooler.dense.weight").data();
            double moved = 0;
            for (int i = 0; i < start.length; i++) {
                moved = Math.max(moved, Math.abs(after[i] - start[i]));
            }
            assertThat(moved).isGreaterThan(kind == TaskHead.Kind.SENTENCE ? 1e-4 : -1);
        }
    }

    private static void assertRelative(double got, double want, String what) {
        assertThat(Math.abs(got - want) / Math.abs(want))
                .as(what + ": " + got + " vs " + want)
                .isLessThan(1e-5);
    }

    private static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>(
                List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.CLS, Vocabulary.SEP, Vocabulary.MASK));
        for (int i = tokens.size(); i < 100; i++) {
            tokens.add("t" + i);
        }
        return new Vocabulary(tokens);
    }

    private static List<Encoding> encodings(Map<String, Tensor> inputs) {
        float[] ids = inputs.get("input_ids").data();
        float[] types = inputs.get("token_type_ids").data();
        int t = (int) inputs.get("input_ids").shape()[1];
        List<Encoding> out = new ArrayList<>();
        for (int s = 0; s < LENGTHS.length; s++) {
            int n = LENGTHS[s];
            long[] id = new long[n];
            long[] type = new long[n];
            long[] mask = new long[n];
            for (int i = 0; i < n; i++) {
                id[i] = (long) ids[s * t + i];
                type[i] = (long) types[s * t + i];
                mask[i] = 1;
            }
            List<Encoding.WordSpan> spans = new ArrayList<>();
            for (int[] sp : SPANS[s]) {
                spans.add(new Encoding.WordSpan(sp[0], sp[1]));
            }
            out.add(new Encoding(id, type, mask, spans, false, spans.size()));
        }
        return out;
    }
}
