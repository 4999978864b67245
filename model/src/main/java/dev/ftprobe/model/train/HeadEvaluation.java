package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The fine-tuned head's mean cross-entropy and accuracy on labelled sentences, in inference mode (no dropout), through
 * the same network as training ({@link HeadForward}).
 */
public final class HeadEvaluation {
    private HeadEvaluation() {}

    /** One labelled sentence: its encoding, targets and their label indices. */
    public record Sentence(Encoding encoding, List<Target> targets, int[] labels) {}

    /** Mean loss and accuracy over {@code examples} targets. */
    public record Result(double loss, double accuracy, int examples) {}

    /**
     * Evaluates in batches of {@code batchSize} sentences.
     *
     * @throws IllegalArgumentException when there is no target to evaluate
     */
    public static Result evaluate(
            BertModel model, TaskHead head, WordPooling pooling, List<Sentence> sentences, int batchSize) {
        return evaluate(model, head, pooling, sentences, batchSize, () -> false);
    }

    /**
     * As {@link #evaluate(BertModel, TaskHead, WordPooling, List, int)}, abandoned between two batches once
     * {@code stop} says so: an evaluation of BERT base takes a minute on a small machine, and a stop should not wait
     * for it.
     *
     * @throws CancellationException when {@code stop} said so before the last batch
     */
    public static Result evaluate(
            BertModel model,
            TaskHead head,
            WordPooling pooling,
            List<Sentence> sentences,
            int batchSize,
            BooleanSupplier stop) {
        double lossSum = 0;
        long correct = 0;
        int count = 0;
        for (int from = 0; from < sentences.size(); from += batchSize) {
            if (stop.getAsBoolean()) {
                throw new CancellationException(
                        "evaluation stopped after " + from + " of " + sentences.size() + " sentences");
            }
            List<Sentence> part = sentences.subList(from, Math.min(sentences.size(), from + batchSize));
            List<Encoding> enc = part.stream().map(Sentence::encoding).toList();
            List<List<Target>> targets = part.stream().map(Sentence::targets).toList();
            List<int[]> labels = part.stream().map(Sentence::labels).toList();
            count += TargetLabels.check(head, enc, targets, labels);
            int n = TargetLabels.width(targets);
            int c = head.numLabels();
            float[] logp;
            try (NDManager m = model.manager().newSubManager()) {
                NDArray logits = HeadForward.logits(model, head, pooling, m, enc, targets, Dropout.NONE);
                logp = logits.logSoftmax(-1).toFloatArray();
            }
            for (int s = 0; s < part.size(); s++) {
                int[] ls = labels.get(s);
                for (int i = 0; i < ls.length; i++) {
                    int row = (s * n + i) * c;
                    lossSum -= logp[row + ls[i]];
                    int best = 0;
                    for (int k = 1; k < c; k++) {
                        if (logp[row + k] > logp[row + best]) {
                            best = k;
                        }
                    }
                    if (best == ls[i]) {
                        correct++;
                    }
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no target to evaluate");
        }
        return new Result(lossSum / count, (double) correct / count, count);
    }
}
