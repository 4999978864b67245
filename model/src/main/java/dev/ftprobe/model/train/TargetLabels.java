package dev.ftprobe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import java.util.List;

/** Checks a batch's targets and labels against a head, and builds the one-hot labels of its loss. */
final class TargetLabels {
    private TargetLabels() {}

    /** Fails naming the sentence on any mismatch; returns the number of targets. */
    static int check(TaskHead head, List<Encoding> batch, List<List<Target>> targets, List<int[]> labels) {
        int b = batch.size();
        if (targets.size() != b || labels.size() != b) {
            throw new IllegalArgumentException("batch of " + b + " sentences with " + targets.size()
                    + " target lists and " + labels.size() + " label lists");
        }
        int count = 0;
        for (int s = 0; s < b; s++) {
            if (targets.get(s).size() != labels.get(s).length) {
                throw new IllegalArgumentException("sentence " + s + ": "
                        + targets.get(s).size() + " targets but " + labels.get(s).length + " labels");
            }
            for (Target t : targets.get(s)) {
                if (!head.kind().accepts(t)) {
                    throw new IllegalArgumentException(
                            "sentence " + s + ": target " + t + " does not fit a " + head.kind() + " head");
                }
            }
            for (int i = 0; i < labels.get(s).length; i++) {
                int l = labels.get(s)[i];
                if (l < 0 || l >= head.numLabels()) {
                    throw new IllegalArgumentException("sentence " + s + " target " + i + ": label " + l
                            + " is not in [0, " + head.numLabels() + ")");
                }
            }
            count += targets.get(s).size();
        }
        return count;
    }

    /** The most targets of a sentence (at least 1): the N of the logits {@code [B, N, labels]}. */
    static int width(List<List<Target>> targets) {
        int n = 1;
        for (List<Target> ts : targets) {
            n = Math.max(n, ts.size());
        }
        return n;
    }

    /** {@code [B, N, labels]}: 1 at each target's label, rows beyond a sentence's targets all 0. */
    static NDArray oneHot(NDManager m, int c, List<List<Target>> targets, List<int[]> labels) {
        int b = targets.size();
        int n = width(targets);
        float[] oneHot = new float[b * n * c];
        for (int s = 0; s < b; s++) {
            int[] ls = labels.get(s);
            for (int i = 0; i < ls.length; i++) {
                oneHot[(s * n + i) * c + ls[i]] = 1f;
            }
        }
        return m.create(oneHot, new Shape(b, n, c));
    }
}
