package dev.ftprobe.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.train.WordPooling;
import java.util.List;

/**
 * Turns hidden states into target vectors with matrix products, so that the same code serves extraction and
 * (differentiably) training: for part k of the targets, a matrix {@code P_k} {@code [B, N, T]} holds 1/len at the
 * subword positions to average (or 1 at a word's first subword, {@link WordPooling#FIRST}); the vectors are
 * {@code concat_k(P_k x hidden)}, {@code [B, N, parts * H]}. N is the largest number of targets of a sentence in the
 * batch; rows beyond a sentence's targets are zero.
 */
public final class TargetPooling {
    private TargetPooling() {}

    /** The pooling matrices {@code [parts, B, N, T]}; all targets must have the same kind. */
    public static NDArray matrices(NDManager m, List<Encoding> batch, List<List<Target>> targets, int t) {
        return matrices(m, batch, targets, t, WordPooling.MEAN);
    }

    /** The pooling matrices {@code [parts, B, N, T]} with the given pooling of a word's subwords. */
    public static NDArray matrices(
            NDManager m, List<Encoding> batch, List<List<Target>> targets, int t, WordPooling pooling) {
        if (batch.size() != targets.size()) {
            throw new IllegalArgumentException(batch.size() + " sentences but " + targets.size() + " target lists");
        }
        int parts = -1;
        int n = 1;
        for (List<Target> ts : targets) {
            n = Math.max(n, ts.size());
            for (Target x : ts) {
                if (parts >= 0 && x.parts() != parts) {
                    throw new IllegalArgumentException("a batch mixes targets of different sizes: " + x);
                }
                parts = x.parts();
            }
        }
        parts = Math.max(parts, 1);
        int b = batch.size();
        float[] p = new float[parts * b * n * t];
        for (int s = 0; s < b; s++) {
            Encoding e = batch.get(s);
            List<Target> ts = targets.get(s);
            for (int i = 0; i < ts.size(); i++) {
                Target x = ts.get(i);
                if (x instanceof Target.Word w) {
                    fill(p, 0, s, i, pooled(span(e, w.word(), s), pooling), b, n, t);
                } else if (x instanceof Target.Pair pr) {
                    fill(p, 0, s, i, pooled(span(e, pr.dependent(), s), pooling), b, n, t);
                    fill(p, 1, s, i, pooled(span(e, pr.head(), s), pooling), b, n, t);
                } else {
                    fill(p, 0, s, i, new Encoding.WordSpan(0, 1), b, n, t);
                }
            }
        }
        return m.create(p, new Shape(parts, b, n, t));
    }

    /** {@code [B, N, parts * H]} target vectors from {@code hidden [B, T, H]}. */
    public static NDArray pool(NDArray hidden, NDArray matrices) {
        long parts = matrices.getShape().get(0);
        NDList pieces = new NDList();
        for (int k = 0; k < parts; k++) {
            pieces.add(matrices.get(k).matMul(hidden));
        }
        return parts == 1 ? pieces.get(0) : NDArrays.concat(pieces, -1);
    }

    private static Encoding.WordSpan pooled(Encoding.WordSpan sp, WordPooling pooling) {
        return pooling == WordPooling.FIRST ? new Encoding.WordSpan(sp.start(), sp.start() + 1) : sp;
    }

    private static Encoding.WordSpan span(Encoding e, int word, int sentence) {
        if (word < 0 || word >= e.wordSpans().size()) {
            throw new IllegalArgumentException("sentence " + sentence + " has no word " + word
                    + " (it has " + e.wordSpans().size() + " encoded words"
                    + (e.truncated() ? ", truncated from " + e.wordCount() : "") + ")");
        }
        return e.wordSpans().get(word);
    }

    private static void fill(float[] p, int part, int s, int i, Encoding.WordSpan sp, int b, int n, int t) {
        float v = 1f / sp.length();
        int base = ((part * b + s) * n + i) * t;
        for (int j = sp.start(); j < sp.end(); j++) {
            p[base + j] = v;
        }
    }
}
