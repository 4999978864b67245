package dev.ftprobe.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The hyper-parameters of a BERT encoder (HF {@code BertModel}). Reads both HF {@code config.json} and Google's
 * {@code bert_config.json}: they use the same key names for everything we need. The dropout probabilities are those of
 * training ({@code hidden_dropout_prob}, {@code attention_probs_dropout_prob}; HF's 0.1 when absent).
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        float hiddenDropout,
        float attentionDropout) {

    public static final int BERT_VOCAB_SIZE = 30_522;
    public static final float BERT_LN_EPS = 1e-12f;
    /** HF's default and every BERT preset's dropout probability. */
    public static final float BERT_DROPOUT = 0.1f;

    private static final ObjectMapper JSON = new ObjectMapper();

    public BertConfig {
        require(vocabSize > 0, "vocab_size must be positive, got " + vocabSize);
        require(hiddenSize > 0, "hidden_size must be positive, got " + hiddenSize);
        require(numLayers > 0, "num_hidden_layers must be positive, got " + numLayers);
        require(
                numHeads > 0 && hiddenSize % numHeads == 0,
                "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        require(intermediateSize > 0, "intermediate_size must be positive, got " + intermediateSize);
        require(maxPositions > 0, "max_position_embeddings must be positive, got " + maxPositions);
        require(typeVocabSize > 0, "type_vocab_size must be positive, got " + typeVocabSize);
        require(layerNormEps > 0, "layer_norm_eps must be positive, got " + layerNormEps);
        require(hiddenDropout >= 0 && hiddenDropout < 1, "hidden_dropout_prob must be in [0, 1), got " + hiddenDropout);
        require(
                attentionDropout >= 0 && attentionDropout < 1,
                "attention_probs_dropout_prob must be in [0, 1), got " + attentionDropout);
    }

    /** A configuration with BERT's dropout (0.1). */
    public BertConfig(
            int vocabSize,
            int hiddenSize,
            int numLayers,
            int numHeads,
            int intermediateSize,
            int maxPositions,
            int typeVocabSize,
            float layerNormEps) {
        this(
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                intermediateSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                BERT_DROPOUT,
                BERT_DROPOUT);
    }

    /** A preset of the uncased English BERT family: tiny, mini, small, medium or base. */
    public static BertConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> family(2, 128, 2);
            case "mini" -> family(4, 256, 4);
            case "small" -> family(4, 512, 8);
            case "medium" -> family(8, 512, 8);
            case "base" -> family(12, 768, 12);
            default ->
                throw new IllegalArgumentException(
                        "unknown BERT preset '" + name + "' (known: tiny, mini, small, medium, base)");
        };
    }

    /** The family's shape: intermediate 4H, 512 positions, vocabulary 30,522, 2 token types. */
    public static BertConfig family(int layers, int hidden, int heads) {
        return new BertConfig(BERT_VOCAB_SIZE, hidden, layers, heads, 4 * hidden, 512, 2, BERT_LN_EPS);
    }

    public BertConfig withVocabSize(int newVocabSize) {
        return new BertConfig(
                newVocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                intermediateSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                hiddenDropout,
                attentionDropout);
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** Number of parameters of the encoder with its pooler (no task or MLM head). */
    public long parameterCount() {
        long h = hiddenSize;
        long i = intermediateSize;
        long embeddings = (vocabSize + maxPositions + typeVocabSize) * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * h + (h * i + i) + (i * h + h) + 2 * h;
        long pooler = h * h + h;
        return embeddings + numLayers * layer + pooler;
    }

    /** Reads {@code config.json} (HF) or {@code bert_config.json} (Google). */
    public static BertConfig read(Path file) {
        try {
            return fromJson(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BERT config " + file + ": " + e.getMessage(), e);
        }
    }

    public static BertConfig fromJson(JsonNode n, String origin) {
        String act = n.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new IllegalArgumentException(
                    origin + ": hidden_act '" + act + "' is not supported (only exact 'gelu', as in BERT)");
        }
        return new BertConfig(
                intField(n, "vocab_size", origin, null),
                intField(n, "hidden_size", origin, null),
                intField(n, "num_hidden_layers", origin, null),
                intField(n, "num_attention_heads", origin, null),
                intField(n, "intermediate_size", origin, null),
                intField(n, "max_position_embeddings", origin, 512),
                intField(n, "type_vocab_size", origin, 2),
                (float) n.path("layer_norm_eps").asDouble(BERT_LN_EPS),
                (float) n.path("hidden_dropout_prob").asDouble(BERT_DROPOUT),
                (float) n.path("attention_probs_dropout_prob").asDouble(BERT_DROPOUT));
    }

    private static int intField(JsonNode n, String key, String origin, Integer dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new IllegalArgumentException(origin + ": missing field '" + key + "'");
            }
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(origin + ": field '" + key + "' is not an integer: " + v);
        }
        return v.intValue();
    }

    /** HF {@code config.json} content for this configuration. */
    public String toHfJson() {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("BertModel");
        n.put("model_type", "bert");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", maxPositions);
        n.put("type_vocab_size", typeVocabSize);
        n.put("layer_norm_eps", (double) layerNormEps);
        // as doubles of the floats' decimal text, so that 0.1f is written 0.1 (checkpoint bytes stay as before)
        n.put("hidden_dropout_prob", Double.parseDouble(Float.toString(hiddenDropout)));
        n.put("attention_probs_dropout_prob", Double.parseDouble(Float.toString(attentionDropout)));
        n.put("initializer_range", 0.02);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(boolean ok, String msg) {
        if (!ok) {
            throw new IllegalArgumentException("invalid BERT config: " + msg);
        }
    }
}
