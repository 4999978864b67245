package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.bert.RandomInit;
import dev.ftprobe.model.checkpoint.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fine-tuning head of METHOD.md §2: one linear layer over the last layer's target vectors (word: mean or first of
 * its subwords, H; word pair: concat(dependent, head), 2H; sentence: the pooler's output on [CLS], H), as HF's task
 * models ({@link HeadForward}). Saved as {@code classifier.weight [labels, in]} and {@code classifier.bias [labels]},
 * as HF names its token and sequence classification heads. Initialised like BERT: truncated normal with std 0.02, bias
 * 0, from the given seed.
 */
public final class TaskHead {
    public static final String WEIGHT = "classifier.weight";
    public static final String BIAS = "classifier.bias";

    /** Which vectors the head classifies. */
    public enum Kind {
        WORD(1),
        WORD_PAIR(2),
        SENTENCE(1);

        final int parts;

        Kind(int parts) {
            this.parts = parts;
        }

        public boolean accepts(Target t) {
            return switch (this) {
                case WORD -> t instanceof Target.Word;
                case WORD_PAIR -> t instanceof Target.Pair;
                case SENTENCE -> t instanceof Target.Sentence;
            };
        }
    }

    private final Kind kind;
    private final int numLabels;
    private final NDArray weight;
    private final NDArray bias;

    public TaskHead(NDManager manager, Kind kind, int hiddenSize, int numLabels, long seed) {
        if (numLabels < 2) {
            throw new IllegalArgumentException("a task head needs at least 2 labels, got " + numLabels);
        }
        this.kind = kind;
        this.numLabels = numLabels;
        int in = kind.parts * hiddenSize;
        float[] w = new float[numLabels * in];
        RandomInit.fillTruncatedNormal(w, new SplittableRandom(seed), RandomInit.STD);
        this.weight = manager.create(w, new Shape(numLabels, in));
        this.bias = manager.zeros(new Shape(numLabels));
    }

    public Kind kind() {
        return kind;
    }

    public int numLabels() {
        return numLabels;
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    /** {@code [B, N, labels]} logits from target vectors {@code [B, N, parts * H]}. */
    public NDArray logits(NDArray targetVectors) {
        return Linear.linear(targetVectors, weight, bias).singletonOrThrow();
    }

    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(WEIGHT, Tensor.of(weight));
        out.put(BIAS, Tensor.of(bias));
        return out;
    }
}
