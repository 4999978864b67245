package dev.ftprobe.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    static final String SHA = "ab".repeat(32);
    static final Instant AT = Instant.parse("2025-11-26T00:51:00.123Z");

    static RunManifest manifest() {
        TrainingSettings training = new TrainingSettings(
                10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", "model");
        TaskSettings task = new TaskSettings(0.8, 42, List.of("P", "INF.P"));
        return new RunManifest(
                "run-1",
                "random:tiny",
                "pos",
                List.of("pos", "ps-role"),
                training,
                task,
                42L,
                SHA,
                List.of(0, 1, 2),
                Map.of("train", 1000, "test", 200),
                "0.1.0",
                AT);
    }

    static CheckpointEvent checkpoint(Double loss) {
        return new CheckpointEvent(
                "run-1",
                loss == null ? 0 : 25,
                loss == null ? 0 : 1,
                loss,
                3e-4,
                "file:///ckpt/" + SHA + ".pt",
                SHA,
                123_456L,
                AT);
    }

    @Test
    void roundTripsEveryJsonEvent() {
        RunManifest m = manifest();
        assertThat(EventCodecs.RUN_MANIFEST.decode(EventCodecs.RUN_MANIFEST.encode(m)))
                .isEqualTo(m);
        for (Double loss : new Double[] {null, 0.6931, 1e-12}) {
            CheckpointEvent c = checkpoint(loss);
            assertThat(EventCodecs.CHECKPOINT.decode(EventCodecs.CHECKPOINT.encode(c)))
                    .isEqualTo(c);
        }
        DeadLetter d = DeadLetter.of(
                "ftprobe.embeddings",
                3,
                17L,
                "k".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 1, 2, (byte) 255},
                "magic: expected ...",
                "extractor",
                AT);
        DeadLetter back = EventCodecs.DEAD_LETTER.decode(EventCodecs.DEAD_LETTER.encode(d));
        assertThat(back).isEqualTo(d);
        assertThat(back.payload()).containsExactly(0, 1, 2, 255);
        assertThat(back.payloadSha256()).isEqualTo(DigestUtils.sha256Hex(new byte[] {0, 1, 2, (byte) 255}));

        DeadLetter big =
                DeadLetter.of("t", 0, 0, null, new byte[DeadLetter.MAX_PAYLOAD_BYTES + 1], "too big", "analyzer", AT);
        assertThat(big.payload()).isNull();
        assertThat(big.payloadSize()).isEqualTo(DeadLetter.MAX_PAYLOAD_BYTES + 1);
        assertThat(EventCodecs.DEAD_LETTER.decode(EventCodecs.DEAD_LETTER.encode(big)))
                .isEqualTo(big);
    }

    @Test
    void encodingIsVersionedAndDeterministic() {
        String json = new String(EventCodecs.RUN_MANIFEST.encode(manifest()), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"schemaVersion\":3,\"runId\":\"run-1\"");
        assertThat(json)
                .contains("\"taskSettings\":{\"pudTrainFraction\":0.8,\"pudSeed\":42,"
                        + "\"psLexcats\":[\"INF.P\",\"P\"]}");
        assertThat(json).contains("\"trainingSettings\":{\"epochs\":10,\"maxSteps\":0,\"learningRate\":3.0E-4,");
        assertThat(json).contains("\"splitSizes\":{\"test\":200,\"train\":1000}");
        assertThat(json).contains("\"createdAt\":\"2025-11-26T00:51:00.123Z\"");
        assertThat(EventCodecs.RUN_MANIFEST.encode(manifest())).isEqualTo(EventCodecs.RUN_MANIFEST.encode(manifest()));
        assertThat(new String(EventCodecs.CHECKPOINT.encode(checkpoint(null)), StandardCharsets.UTF_8))
                .doesNotContain("trainingLoss");
    }

    @Test
    void readsOlderVersionsOnlyWhenAskedAndNeverNewerOnes() {
        record Point(int x, @dev.ftprobe.events.Nullable Integer y) {}
        JsonCodec<Point> v2 = new JsonCodec<>(Point.class, 2, 1000);
        byte[] old = "{\"schemaVersion\":1,\"x\":3}".getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(CodecException.class, () -> v2.decode(old)))
                .hasMessageContaining("schema version 1 (this build reads 2)");
        assertThat(v2.readingFrom(1).decode(old)).isEqualTo(new Point(3, null));
        byte[] newer = "{\"schemaVersion\":3,\"x\":3}".getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(
                        CodecException.class, () -> v2.readingFrom(1).decode(newer)))
                .hasMessageContaining("schema version 3 (this build reads 1 to 2)");
        assertThat(new String(v2.readingFrom(1).encode(new Point(3, 4)), StandardCharsets.UTF_8))
                .startsWith("{\"schemaVersion\":2,");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> v2.readingFrom(3)))
                .hasMessageContaining("not in [1, 2]");
    }

    @Test
    void rejectsBadManifestsNamingTheField() {
        assertThat(manifestField(n -> n.put("schemaVersion", 4))).isEqualTo("schemaVersion");
        assertThat(manifestField(n -> n.remove("schemaVersion"))).isEqualTo("schemaVersion");
        assertThat(manifestField(n -> n.put("schemaVersion", "1"))).isEqualTo("schemaVersion");
        assertThat(manifestField(n -> n.remove("seed"))).isEqualTo("seed");
        assertThat(manifestField(n -> n.putNull("modelSpec"))).isEqualTo("modelSpec");
        assertThat(manifestField(n -> n.put("extra", 1))).isEqualTo("extra");
        assertThat(manifestField(n -> n.put("seed", "42"))).isEqualTo("seed");
        assertThat(manifestField(n -> n.put("seed", 4.2))).isEqualTo("seed");
        assertThat(manifestField(n -> n.put("runId", 5))).isEqualTo("runId");
        assertThat(manifestField(n -> n.put("runId", "has space"))).isEqualTo("runId");
        assertThat(manifestField(n -> n.put("datasetFingerprint", "abc"))).isEqualTo("datasetFingerprint");
        assertThat(manifestField(n -> n.put("createdAt", "yesterday"))).isEqualTo("createdAt");
        assertThat(manifestField(n -> n.put("createdAt", 12))).isEqualTo("createdAt");
        assertThat(manifestField(n -> n.putArray("probeTasks").add(1))).startsWith("probeTasks");
        assertThat(manifestField(n -> n.putArray("layers").add(-1))).isEqualTo("layers[0]");
        assertThat(manifestField(n -> n.putObject("splitSizes").put("train", -3)))
                .isEqualTo("splitSizes[train]");
        assertThat(manifestField(n -> ((ObjectNode) n.get("trainingSettings")).put("learningRate", "0.1")))
                .isEqualTo("trainingSettings.learningRate");
        assertThat(manifestField(n -> ((ObjectNode) n.get("trainingSettings")).put("batchSize", 0)))
                .isEqualTo("batchSize");
        assertThat(manifestField(n -> ((ObjectNode) n.get("taskSettings")).putArray("psLexcats")))
                .isEqualTo("psLexcats");
        assertThat(manifestField(n -> n.remove("taskSettings"))).isEqualTo("taskSettings");
        assertThat(manifestField(n -> n.putObject("hyperparameters").put("lr", "0.1")))
                .isEqualTo("hyperparameters");
        assertThat(manifestField(n -> n.put("probeTasks", "pos"))).isEqualTo("probeTasks");
    }

    @Test
    void rejectsBadCheckpointsNamingTheField() {
        assertThat(checkpointField(n -> n.put("step", -1))).isEqualTo("step");
        assertThat(checkpointField(n -> n.put("epoch", 1.5))).isEqualTo("epoch");
        assertThat(checkpointField(n -> n.put("learningRate", "NaN"))).isEqualTo("learningRate");
        assertThat(checkpointField(n -> n.put("trainingLoss", "x"))).isEqualTo("trainingLoss");
        assertThat(checkpointField(n -> n.put("sha256", SHA.toUpperCase()))).isEqualTo("sha256");
        assertThat(checkpointField(n -> n.put("sizeBytes", true))).isEqualTo("sizeBytes");
        assertThat(checkpointField(n -> n.remove("checkpointUri"))).isEqualTo("checkpointUri");
    }

    @Test
    void rejectsMalformedEmptyAndOversizedInput() {
        assertThat(field(EventCodecs.CHECKPOINT, "")).isEqualTo("message");
        assertThat(field(EventCodecs.CHECKPOINT, "{\"schemaVersion\":1,")).isEqualTo("message");
        assertThat(field(EventCodecs.CHECKPOINT, "[1,2]")).isEqualTo("message");
        assertThat(field(EventCodecs.CHECKPOINT, "null")).isEqualTo("message");
        assertThat(field(EventCodecs.CHECKPOINT, "{\"schemaVersion\":1} {}")).isEqualTo("message");
        assertThat(field(EventCodecs.CHECKPOINT, "{\"schemaVersion\":1,\"schemaVersion\":1}"))
                .isNotNull();
        String valid = new String(EventCodecs.CHECKPOINT.encode(checkpoint(0.5)), StandardCharsets.UTF_8);
        assertThat(field(EventCodecs.CHECKPOINT, valid.substring(0, valid.length() - 1)))
                .isEqualTo("message");
        byte[] huge = new byte[EventCodecs.MAX_JSON_EVENT_BYTES + 1];
        assertThat(catchThrowableOfType(CodecException.class, () -> EventCodecs.CHECKPOINT.decode(huge))
                        .field())
                .isEqualTo("message");
        assertThat(catchThrowableOfType(CodecException.class, () -> EventCodecs.RUN_MANIFEST.decode(null))
                        .field())
                .isEqualTo("message");
    }

    @Test
    void serdesPassNullsThrough() {
        assertThat(EventCodecs.runManifestSerde().deserializer().deserialize("t", (byte[]) null))
                .isNull();
        assertThat(EventCodecs.checkpointSerde().serializer().serialize("t", null))
                .isNull();
        byte[] bytes = EventCodecs.checkpointSerde().serializer().serialize("t", checkpoint(1.0));
        assertThat(EventCodecs.checkpointSerde().deserializer().deserialize("t", null, ByteBuffer.wrap(bytes)))
                .isEqualTo(checkpoint(1.0));
    }

    private static String manifestField(Consumer<ObjectNode> edit) {
        ObjectNode n = tree(EventCodecs.RUN_MANIFEST.encode(manifest()));
        edit.accept(n);
        return field(EventCodecs.RUN_MANIFEST, n.toString());
    }

    private static String checkpointField(Consumer<ObjectNode> edit) {
        ObjectNode n = tree(EventCodecs.CHECKPOINT.encode(checkpoint(0.5)));
        edit.accept(n);
        return field(EventCodecs.CHECKPOINT, n.toString());
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JsonCodec.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String field(JsonCodec<?> codec, String json) {
        CodecException e =
                catchThrowableOfType(CodecException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("decoding %s", json).isNotNull();
        return e.field();
    }
}
