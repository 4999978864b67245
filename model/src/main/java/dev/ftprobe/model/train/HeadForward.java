package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.bert.TargetPooling;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.List;

/**
 * The logits of HF's task models, shared by training and evaluation. Sentence heads are
 * {@code BertForSequenceClassification}: the pooler (dense + tanh on {@code [CLS]}), dropout, the linear layer. Word
 * and word-pair heads are {@code BertForTokenClassification}'s: dropout on the last hidden state, then the word's
 * vector (first subword or mean of its subwords, {@link WordPooling}; for pairs, dependent then head concatenated),
 * then the linear layer.
 */
final class HeadForward {
    private HeadForward() {}

    /** {@code [B, N, labels]} logits; the arrays live in {@code m}. */
    static NDArray logits(
            BertModel model,
            TaskHead head,
            WordPooling pooling,
            NDManager m,
            List<Encoding> batch,
            List<List<Target>> targets,
            Dropout dropout) {
        BertModel.Inputs in = model.inputs(m, batch);
        var out = model.encoder().forward(in.ids(), in.typeIds(), in.mask(), false, dropout);
        NDArray vectors;
        if (head.kind() == TaskHead.Kind.SENTENCE) {
            vectors = dropout.hidden(out.pooled()).expandDims(1);
        } else {
            NDArray p = TargetPooling.matrices(
                    m, batch, targets, (int) in.ids().getShape().get(1), pooling);
            vectors = TargetPooling.pool(dropout.hidden(out.lastHiddenState()), p);
        }
        return head.logits(vectors);
    }
}
