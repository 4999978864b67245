package dev.ftprobe.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.ftprobe.model.bert.BertEncoderBlock;
import dev.ftprobe.model.bert.RandomInit;
import dev.ftprobe.model.bert.TargetPooling;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded BERT: configuration, tokenizer, the encoder block with its weights (in this object's NDManager, freed by
 * {@link #close()}), and, where the checkpoint has it, the masked-LM head. Tensors of the checkpoint that are neither
 * encoder nor MLM head (a task head, say) are kept in {@link #extraTensors()}.
 */
public final class BertModel implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BertModel.class);
    private static final List<String> MLM = List.of(
            "cls.predictions.transform.dense.weight",
            "cls.predictions.transform.dense.bias",
            "cls.predictions.transform.LayerNorm.weight",
            "cls.predictions.transform.LayerNorm.bias");

    private final NDManager manager;
    private final BertConfig config;
    private final WordPieceTokenizer tokenizer;
    private final BertEncoderBlock encoder;
    private final Map<String, NDArray> mlm;
    private final Map<String, Tensor> extra;
    private final String source;

    private BertModel(NDManager manager, Checkpoint c) {
        this.manager = manager;
        this.config = c.config();
        if (c.vocabulary().size() != config.vocabSize()) {
            throw new IllegalArgumentException(c.source() + ": vocabulary has "
                    + c.vocabulary().size() + " tokens but the config says vocab_size " + config.vocabSize());
        }
        this.tokenizer = new WordPieceTokenizer(c.vocabulary());
        this.encoder = new BertEncoderBlock(config);
        this.source = c.source();
        Map<String, NDArray> enc = new LinkedHashMap<>();
        Map<String, Tensor> rest = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (encoder.expectedShapes().containsKey(k)) {
                enc.put(k, v.toNDArray(manager));
            } else {
                rest.put(k, v);
            }
        });
        if (!enc.containsKey("pooler.dense.weight") && !enc.containsKey("pooler.dense.bias")) {
            // HF's token-classification and masked-LM models are saved without the pooler; HF
            // then initialises it randomly, and so do we (seed 0). Our method never uses it.
            LOG.warn("{}: no pooler in the checkpoint, initialising it randomly (seed 0)", c.source());
            Map<String, Shape> poolerShapes = new LinkedHashMap<>();
            poolerShapes.put("pooler.dense.weight", encoder.expectedShapes().get("pooler.dense.weight"));
            poolerShapes.put("pooler.dense.bias", encoder.expectedShapes().get("pooler.dense.bias"));
            RandomInit.weights(poolerShapes, 0).forEach((k, v) -> enc.put(k, v.toNDArray(manager)));
        }
        encoder.setWeights(enc);
        Map<String, NDArray> head = new LinkedHashMap<>();
        if (rest.keySet().containsAll(MLM)) {
            for (String k : MLM) {
                head.put(k, rest.remove(k).toNDArray(manager));
            }
            Tensor bias = rest.remove("cls.predictions.bias");
            Tensor decBias = rest.remove("cls.predictions.decoder.bias");
            rest.remove("cls.predictions.decoder.weight"); // tied to the word embeddings
            Tensor b = bias != null ? bias : decBias;
            if (b == null) {
                throw new IllegalArgumentException(source + ": MLM head lacks 'cls.predictions.bias'");
            }
            head.put("cls.predictions.bias", b.toNDArray(manager));
        }
        this.mlm = head;
        this.extra = rest;
    }

    /** Loads a checkpoint into a new NDManager owned by the model. */
    public static BertModel of(Checkpoint c) {
        NDManager m = NDManager.newBaseManager();
        try {
            return new BertModel(m, c);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public static BertModel load(ModelSource source, ModelSource.Options options) throws IOException {
        return of(source.resolve(options));
    }

    public BertConfig config() {
        return config;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    public Vocabulary vocabulary() {
        return tokenizer.vocabulary();
    }

    public BertEncoderBlock encoder() {
        return encoder;
    }

    public NDManager manager() {
        return manager;
    }

    public String source() {
        return source;
    }

    public boolean hasMlmHead() {
        return !mlm.isEmpty();
    }

    public Map<String, Tensor> extraTensors() {
        return Collections.unmodifiableMap(extra);
    }

    /** A copy of the encoder's current weights, by HF name without {@code bert.}. */
    public Map<String, Tensor> encoderTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        encoder.namedParameters().forEach((k, p) -> out.put(k, Tensor.of(p.getArray())));
        return out;
    }

    /** The padded inputs of a batch: ids, type ids, mask, all {@code [B, T]} int64 in {@code m}. */
    public record Inputs(NDArray ids, NDArray typeIds, NDArray mask) {}

    /** Pads encodings to the longest one with {@code [PAD]} (mask 0). */
    public Inputs inputs(NDManager m, List<Encoding> batch) {
        int t = 0;
        for (Encoding e : batch) {
            t = Math.max(t, e.length());
        }
        int b = batch.size();
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        Arrays.fill(ids, vocabulary().padId());
        for (int s = 0; s < b; s++) {
            Encoding e = batch.get(s);
            System.arraycopy(e.ids(), 0, ids, s * t, e.length());
            System.arraycopy(e.typeIds(), 0, types, s * t, e.length());
            System.arraycopy(e.attentionMask(), 0, mask, s * t, e.length());
        }
        Shape shape = new Shape(b, t);
        return new Inputs(m.create(ids, shape), m.create(types, shape), m.create(mask, shape));
    }

    /**
     * The vectors of the given targets at the given layers (0 = embeddings .. L), for a batch of encoded sentences,
     * computed without gradients. Result {@code [layerIndex][k][dim]}, where k runs over the targets of sentence 0,
     * then sentence 1, and so on; dim is H for words and sentences and 2H for pairs.
     */
    public float[][][] targetVectors(List<Encoding> batch, List<List<Target>> targets, int[] layers) {
        for (int l : layers) {
            if (l < 0 || l > config.numLayers()) {
                throw new IllegalArgumentException("layer " + l + " is not in 0.." + config.numLayers());
            }
        }
        try (NDManager m = manager.newSubManager()) {
            Inputs in = inputs(m, batch);
            var out = encoder.forward(in.ids(), in.typeIds(), in.mask(), true);
            NDArray p = TargetPooling.matrices(
                    m, batch, targets, (int) in.ids().getShape().get(1));
            float[][][] result = new float[layers.length][][];
            for (int li = 0; li < layers.length; li++) {
                NDArray pooled = TargetPooling.pool(out.hiddenStates().get(layers[li]), p);
                long n = pooled.getShape().get(1);
                int dim = (int) pooled.getShape().get(2);
                float[] flat = pooled.toFloatArray();
                List<float[]> rows = new ArrayList<>();
                for (int s = 0; s < batch.size(); s++) {
                    for (int i = 0; i < targets.get(s).size(); i++) {
                        int from = (int) ((s * n + i) * dim);
                        rows.add(Arrays.copyOfRange(flat, from, from + dim));
                    }
                }
                result[li] = rows.toArray(new float[0][]);
            }
            return result;
        }
    }

    /** One filled-in token and its probability. */
    public record Prediction(String token, float probability) {}

    /** The {@code k} most probable tokens for the first {@code [MASK]} of {@code text}. */
    public List<Prediction> fillMask(String text, int k) {
        if (!hasMlmHead()) {
            throw new IllegalStateException("model " + source + " has no masked-LM head "
                    + "(cls.predictions.*); fill-mask needs a pre-trained checkpoint that keeps it");
        }
        Encoding e = tokenizer.encodeText(text, config.maxPositions(), WordPieceTokenizer.Overflow.FAIL);
        int pos = -1;
        for (int i = 0; i < e.length(); i++) {
            if (e.ids()[i] == vocabulary().maskId()) {
                pos = i;
                break;
            }
        }
        if (pos < 0) {
            throw new IllegalArgumentException("text has no [MASK]: " + text);
        }
        try (NDManager m = manager.newSubManager()) {
            Inputs in = inputs(m, List.of(e));
            var out = encoder.forward(in.ids(), in.typeIds(), in.mask(), false);
            NDArray h = out.lastHiddenState().get(new NDIndex("0, {}, :", pos)).reshape(1, -1);
            h = Linear.linear(h, mlm.get(MLM.get(0)), mlm.get(MLM.get(1))).singletonOrThrow();
            h = Activation.gelu(h);
            h = LayerNorm.layerNorm(
                            h,
                            new Shape(config.hiddenSize()),
                            mlm.get(MLM.get(2)),
                            mlm.get(MLM.get(3)),
                            config.layerNormEps())
                    .singletonOrThrow();
            NDArray logits = Linear.linear(
                            h,
                            encoder.parameter("embeddings.word_embeddings.weight")
                                    .getArray(),
                            mlm.get("cls.predictions.bias"))
                    .singletonOrThrow();
            float[] probs = logits.softmax(-1).toFloatArray();
            Integer[] order = new Integer[probs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // highest probability first, ties by the smaller id
            Arrays.sort(order, (a, b) -> probs[a] != probs[b] ? Float.compare(probs[b], probs[a]) : a - b);
            List<Prediction> top = new ArrayList<>();
            for (int i = 0; i < Math.min(k, order.length); i++) {
                top.add(new Prediction(vocabulary().token(order[i]), probs[order[i]]));
            }
            return top;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
