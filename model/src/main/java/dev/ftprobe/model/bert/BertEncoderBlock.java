package dev.ftprobe.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.train.Dropout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of HF {@code BertModel} as a DJL block: word + position + token-type embeddings, LayerNorm (eps from the
 * config), L post-LN transformer layers (multi-head self-attention with the additive padding mask, exact erf GELU
 * feed-forward), and the pooler (dense + tanh on {@code [CLS]}). Dropout, at HF's places (after the embeddings'
 * LayerNorm, on the attention probabilities, on both residual branches before their LayerNorm), is applied only when a
 * training {@link Dropout} is passed; the block's own forward and every extraction use inference semantics.
 *
 * <p>Parameters are the block's direct parameters, named exactly as HF names them without the {@code bert.} prefix
 * ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.3.attention.self.query.weight},
 * {@code pooler.dense.weight}, ...); linear weights are {@code [out, in]} as in HF and DJL. {@link #expectedShapes()}
 * lists them all.
 *
 * <p>Input ({@link NDList} of three int64 arrays, all {@code [B, T]}, {@code T <= max positions}): token ids,
 * token-type ids, attention mask (1 = real token, 0 = padding). Output: {@code [B, T, H]} last hidden state, {@code [B,
 * H]} pooled output, and, when the forward parameter {@value #ALL_HIDDEN_STATES} is {@code true}, the L + 1 hidden
 * states {@code [B, T, H]} (0 = the embedding output, i = output of layer i).
 *
 * <p>Parameter arrays are set through {@link #setWeights} (a checkpoint or a random init); the block does not use DJL's
 * initializers.
 */
public final class BertEncoderBlock extends AbstractBlock {
    public static final String ALL_HIDDEN_STATES = "allHiddenStates";

    private final BertConfig config;
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    public BertEncoderBlock(BertConfig config) {
        super((byte) 1);
        this.config = config;
        long h = config.hiddenSize();
        long i = config.intermediateSize();
        param("embeddings.word_embeddings.weight", Parameter.Type.WEIGHT, config.vocabSize(), h);
        param("embeddings.position_embeddings.weight", Parameter.Type.WEIGHT, config.maxPositions(), h);
        param("embeddings.token_type_embeddings.weight", Parameter.Type.WEIGHT, config.typeVocabSize(), h);
        param("embeddings.LayerNorm.weight", Parameter.Type.GAMMA, h);
        param("embeddings.LayerNorm.bias", Parameter.Type.BETA, h);
        for (int l = 0; l < config.numLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String n : List.of("query", "key", "value")) {
                param(p + "attention.self." + n + ".weight", Parameter.Type.WEIGHT, h, h);
                param(p + "attention.self." + n + ".bias", Parameter.Type.BIAS, h);
            }
            param(p + "attention.output.dense.weight", Parameter.Type.WEIGHT, h, h);
            param(p + "attention.output.dense.bias", Parameter.Type.BIAS, h);
            param(p + "attention.output.LayerNorm.weight", Parameter.Type.GAMMA, h);
            param(p + "attention.output.LayerNorm.bias", Parameter.Type.BETA, h);
            param(p + "intermediate.dense.weight", Parameter.Type.WEIGHT, i, h);
            param(p + "intermediate.dense.bias", Parameter.Type.BIAS, i);
            param(p + "output.dense.weight", Parameter.Type.WEIGHT, h, i);
            param(p + "output.dense.bias", Parameter.Type.BIAS, h);
            param(p + "output.LayerNorm.weight", Parameter.Type.GAMMA, h);
            param(p + "output.LayerNorm.bias", Parameter.Type.BETA, h);
        }
        param("pooler.dense.weight", Parameter.Type.WEIGHT, h, h);
        param("pooler.dense.bias", Parameter.Type.BIAS, h);
    }

    private void param(String name, Parameter.Type type, long... shape) {
        Parameter p =
                addParameter(Parameter.builder().setName(name).setType(type).build());
        shapes.put(name, new Shape(shape));
        byName.put(name, p);
    }

    public BertConfig config() {
        return config;
    }

    /** HF name (without {@code bert.}) to shape, in HF's order. */
    public Map<String, Shape> expectedShapes() {
        return Collections.unmodifiableMap(shapes);
    }

    public Parameter parameter(String hfName) {
        Parameter p = byName.get(hfName);
        if (p == null) {
            throw new IllegalArgumentException("BERT has no parameter '" + hfName + "'");
        }
        return p;
    }

    /** Parameters by HF name, in HF's order. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Sets every parameter from {@code weights} (HF names without {@code bert.}, float32). Fails naming the tensor when
     * one is missing or has the wrong shape; arrays are used as they are (not copied), so they should live in a manager
     * that outlives the block's use.
     */
    public void setWeights(Map<String, NDArray> weights) {
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            NDArray a = weights.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException(
                        "checkpoint lacks tensor '" + e.getKey() + "' (expected shape " + e.getValue() + ")");
            }
            if (!a.getShape().equals(e.getValue())) {
                throw new IllegalArgumentException(
                        "tensor '" + e.getKey() + "' has shape " + a.getShape() + ", expected " + e.getValue());
            }
            if (a.getDataType() != DataType.FLOAT32) {
                a = a.toType(DataType.FLOAT32, false);
            }
            Parameter p = byName.get(e.getKey());
            if (p.isInitialized()) {
                p.getArray().close();
            }
            p.setArray(a);
        }
        inputShapes = new Shape[] {new Shape(-1, -1), new Shape(-1, -1), new Shape(-1, -1)};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long b = inputs[0].get(0);
        long t = inputs[0].get(1);
        return new Shape[] {new Shape(b, t, config.hiddenSize()), new Shape(b, config.hiddenSize())};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        boolean all = params != null && Boolean.TRUE.equals(params.get(ALL_HIDDEN_STATES));
        BertOutput out = forward(inputs.get(0), inputs.get(1), inputs.get(2), all);
        NDList list = new NDList(out.lastHiddenState(), out.pooled());
        if (all) {
            list.addAll(new NDList(out.hiddenStates()));
        }
        return list;
    }

    /** The outputs of one forward pass; see the class comment for shapes. */
    public record BertOutput(NDArray lastHiddenState, NDArray pooled, List<NDArray> hiddenStates) {}

    private NDArray w(String name) {
        return byName.get(name).getArray();
    }

    /**
     * The forward pass. Intermediate and result arrays belong to the manager of {@code ids}, so a caller that creates
     * its inputs in a sub-manager frees everything by closing it.
     *
     * @param ids {@code [B, T]} int64 token ids
     * @param typeIds {@code [B, T]} int64 token-type ids
     * @param mask {@code [B, T]} attention mask, 1 for tokens, 0 for padding
     * @param allHiddenStates whether to return the L + 1 hidden states too (else the list is empty)
     */
    public BertOutput forward(NDArray ids, NDArray typeIds, NDArray mask, boolean allHiddenStates) {
        return forward(ids, typeIds, mask, allHiddenStates, Dropout.NONE);
    }

    /** The forward pass with a training step's dropout ({@link Dropout#NONE} for inference). */
    public BertOutput forward(NDArray ids, NDArray typeIds, NDArray mask, boolean allHiddenStates, Dropout dropout) {
        NDManager m = ids.getManager();
        Shape s = ids.getShape();
        long b = s.get(0);
        long t = s.get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException(
                    "sequence length " + t + " exceeds the model's " + config.maxPositions() + " positions");
        }
        int h = config.hiddenSize();
        NDArray words = ids.getNDArrayInternal()
                .embedding(ids, w("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray types = typeIds.getNDArrayInternal()
                .embedding(typeIds, w("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray positions = w("embeddings.position_embeddings.weight").get(new NDIndex(":{}", t));
        positions.attach(m);
        NDArray x = dropout.hidden(layerNorm(words.add(types).add(positions), "embeddings.LayerNorm"));

        // additive mask, as HF's get_extended_attention_mask: 0 for tokens, a large negative for
        // padding, broadcast over heads and query positions
        NDArray additive =
                mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(-10000f).reshape(b, 1, 1, t);
        List<NDArray> hidden = new ArrayList<>();
        if (allHiddenStates) {
            hidden.add(x);
        }
        int heads = config.numHeads();
        int d = config.headSize();
        // a scalar tensor that lives as long as the pass's manager: DJL's mul(Number) makes a
        // scalar over a Java direct buffer and closes it right away, while autograd keeps it for
        // the backward pass, which then reads memory the garbage collector may have freed
        // (measured: one System.gc() between forward and backward changed the training losses)
        NDArray scale = m.create((float) (1.0 / Math.sqrt(d)));
        for (int l = 0; l < config.numLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            NDArray q = splitHeads(linear(x, p + "attention.self.query"), b, t, heads, d);
            NDArray k = splitHeads(linear(x, p + "attention.self.key"), b, t, heads, d);
            NDArray v = splitHeads(linear(x, p + "attention.self.value"), b, t, heads, d);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(additive);
            NDArray probs = dropout.attention(scores.softmax(-1));
            NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, h);
            NDArray attn = layerNorm(
                    dropout.hidden(linear(ctx, p + "attention.output.dense")).add(x), p + "attention.output.LayerNorm");
            NDArray inter = Activation.gelu(linear(attn, p + "intermediate.dense"));
            x = layerNorm(dropout.hidden(linear(inter, p + "output.dense")).add(attn), p + "output.LayerNorm");
            if (allHiddenStates) {
                hidden.add(x);
            }
        }
        NDArray cls = x.get(new NDIndex(":, 0, :"));
        NDArray pooled = linear(cls, "pooler.dense").tanh();
        return new BertOutput(x, pooled, hidden);
    }

    private NDArray linear(NDArray x, String prefix) {
        return Linear.linear(x, w(prefix + ".weight"), w(prefix + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        return LayerNorm.layerNorm(
                        x,
                        new Shape(config.hiddenSize()),
                        w(prefix + ".weight"),
                        w(prefix + ".bias"),
                        config.layerNormEps())
                .singletonOrThrow();
    }

    private static NDArray splitHeads(NDArray x, long b, long t, int heads, int d) {
        return x.reshape(b, t, heads, d).transpose(0, 2, 1, 3);
    }
}
