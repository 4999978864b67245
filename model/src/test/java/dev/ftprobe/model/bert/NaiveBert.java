package dev.ftprobe.model.bert;

import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.checkpoint.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An independent, loop-by-loop BERT forward pass in doubles, written from the HF equations. */
final class NaiveBert {
    private final BertConfig c;
    private final Map<String, Tensor> w;

    NaiveBert(BertConfig c, Map<String, Tensor> w) {
        this.c = c;
        this.w = w;
    }

    /** Hidden states 0..L of one sentence, [T][H] each. */
    List<double[][]> hiddenStates(long[] ids, long[] types, long[] mask) {
        int t = ids.length;
        int h = c.hiddenSize();
        double[][] x = new double[t][h];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                x[i][j] = at("embeddings.word_embeddings.weight", (int) ids[i], j)
                        + at("embeddings.position_embeddings.weight", i, j)
                        + at("embeddings.token_type_embeddings.weight", (int) types[i], j);
            }
            x[i] = layerNorm(x[i], "embeddings.LayerNorm");
        }
        List<double[][]> out = new ArrayList<>();
        out.add(x);
        int a = c.numHeads();
        int d = c.headSize();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            double[][] v = new double[t][];
            for (int i = 0; i < t; i++) {
                q[i] = dense(x[i], p + "attention.self.query");
                k[i] = dense(x[i], p + "attention.self.key");
                v[i] = dense(x[i], p + "attention.self.value");
            }
            double[][] ctx = new double[t][h];
            for (int head = 0; head < a; head++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += q[i][head * d + e] * k[j][head * d + e];
                        }
                        s[j] = dot / Math.sqrt(d) + (mask[j] == 1 ? 0 : -10000.0);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int j = 0; j < t; j++) {
                        for (int e = 0; e < d; e++) {
                            ctx[i][head * d + e] += s[j] / z * v[j][head * d + e];
                        }
                    }
                }
            }
            double[][] next = new double[t][];
            for (int i = 0; i < t; i++) {
                double[] attn = add(dense(ctx[i], p + "attention.output.dense"), x[i]);
                attn = layerNorm(attn, p + "attention.output.LayerNorm");
                double[] inter = dense(attn, p + "intermediate.dense");
                for (int e = 0; e < inter.length; e++) {
                    inter[e] = gelu(inter[e]);
                }
                next[i] = layerNorm(add(dense(inter, p + "output.dense"), attn), p + "output.LayerNorm");
            }
            x = next;
            out.add(x);
        }
        return out;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series (converges fast for |x| < 3) and the asymptotic tail beyond. */
    static double erf(double x) {
        if (Math.abs(x) > 5) {
            return Math.signum(x);
        }
        double sum = 0;
        double term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private double at(String name, int row, int col) {
        Tensor t = w.get(name);
        return t.data()[row * (int) t.shape()[1] + col];
    }

    private double[] dense(double[] in, String prefix) {
        Tensor wt = w.get(prefix + ".weight");
        Tensor bt = w.get(prefix + ".bias");
        int outDim = (int) wt.shape()[0];
        int inDim = (int) wt.shape()[1];
        double[] o = new double[outDim];
        for (int r = 0; r < outDim; r++) {
            double s = bt.data()[r];
            for (int j = 0; j < inDim; j++) {
                s += wt.data()[r * inDim + j] * in[j];
            }
            o[r] = s;
        }
        return o;
    }

    private double[] layerNorm(double[] in, String prefix) {
        double mean = 0;
        for (double v : in) {
            mean += v;
        }
        mean /= in.length;
        double var = 0;
        for (double v : in) {
            var += (v - mean) * (v - mean);
        }
        var /= in.length;
        double[] o = new double[in.length];
        float[] g = w.get(prefix + ".weight").data();
        float[] b = w.get(prefix + ".bias").data();
        for (int i = 0; i < in.length; i++) {
            o[i] = (in[i] - mean) / Math.sqrt(var + c.layerNormEps()) * g[i] + b[i];
        }
        return o;
    }

    private static double[] add(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] + b[i];
        }
        return o;
    }
}
