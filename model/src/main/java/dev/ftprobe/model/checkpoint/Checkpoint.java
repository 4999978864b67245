package dev.ftprobe.model.checkpoint;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model as read from disk: configuration, vocabulary and tensors under HF names without the {@code bert.} prefix
 * (encoder tensors, and where present {@code cls.predictions.*} and task-head tensors such as {@code classifier.*}).
 */
public record Checkpoint(BertConfig config, Vocabulary vocabulary, Map<String, Tensor> tensors, String source) {

    public boolean hasMlmHead() {
        return tensors.containsKey("cls.predictions.transform.dense.weight");
    }

    /** Strips the {@code bert.} prefix HF's task models put before encoder names. */
    public static Map<String, Tensor> normalizeNames(Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            String n = k.startsWith("bert.") ? k.substring("bert.".length()) : k;
            // old TF-converted HF checkpoints spell LayerNorm parameters gamma/beta
            if (n.endsWith("LayerNorm.gamma")) {
                n = n.substring(0, n.length() - "gamma".length()) + "weight";
            } else if (n.endsWith("LayerNorm.beta")) {
                n = n.substring(0, n.length() - "beta".length()) + "bias";
            }
            out.put(n, v);
        });
        return out;
    }
}
