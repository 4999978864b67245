package dev.ftprobe.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.SettingsEncoding;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifests retained from schema 1 (settings as a map of text) decode into the typed settings. */
class RunManifestSchema1Test {
    /** The manifest of `ftprobe run --model random:tiny --checkpoint-every 5` on 80 PUD sentences, schema 1. */
    static final String V1 = "{\"schemaVersion\":1,\"runId\":\"pos-fb1eaa483f55\",\"modelSpec\":\"random:tiny\","
            + "\"fineTuningTask\":\"pos\",\"probeTasks\":[\"pos\"],\"hyperparameters\":{\"batch_size\":\"32\","
            + "\"checkpoint_every\":\"5\",\"epochs\":\"10\",\"learning_rate\":\"3.0E-4\",\"max_seq_len\":\"128\","
            + "\"max_steps\":\"none\",\"optimizer\":\"adam(0.9,0.999,1e-8)\",\"ps_lexcats\":\"INF.P,P,POSS,PRON.POSS\","
            + "\"pud_seed\":\"42\",\"pud_train_fraction\":\"0.8\",\"schedule\":\"linear-warmup-decay\","
            + "\"steps_per_epoch\":\"2\",\"total_steps\":\"20\","
            + "\"vocab\":\"07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3\",\"warmup\":\"0.1\","
            + "\"warmup_steps\":\"2\"},\"seed\":42,"
            + "\"datasetFingerprint\":\"eb03f42a311a2cc143e315e1e9a8dff19e17a6d1997fe77770c44e7a2b95e338\","
            + "\"layers\":[0,1,2],\"splitSizes\":{\"test\":335,\"train\":1371},\"codeVersion\":\"0.1.0-SNAPSHOT\","
            + "\"createdAt\":\"2026-12-01T20:36:12.634638084Z\"}";

    static final TrainingSettings TRAINING = new TrainingSettings(
            10,
            0,
            3.0e-4,
            32,
            0.1,
            2,
            20,
            2,
            128,
            5,
            "adam(0.9,0.999,1e-8)",
            "linear-warmup-decay",
            "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3");
    static final TaskSettings TASK = new TaskSettings(0.8, 42, List.of("P", "PRON.POSS", "POSS", "INF.P"));

    @Test
    void aVersionOneManifestDecodesIntoTheTypedSettings() {
        RunManifest m = decode(V1);
        assertThat(m.trainingSettings()).isEqualTo(TRAINING);
        assertThat(m.taskSettings()).isEqualTo(TASK);
        assertThat(m.taskSettings().psLexcats()).containsExactly("INF.P", "P", "POSS", "PRON.POSS");
        assertThat(m.runId()).isEqualTo("pos-fb1eaa483f55");
        assertThat(m.seed()).isEqualTo(42);
        assertThat(m.layers()).containsExactly(0, 1, 2);
        assertThat(m.splitSizes()).containsEntry("train", 1371).containsEntry("test", 335);
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-12-01T20:36:12.634638084Z"));
    }

    @Test
    void theCanonicalTextIsTheVersionOneMapAndGivesTheRunIdItWasTrainedUnder() throws Exception {
        RunManifest m = decode(V1);
        Map<String, String> v1Map = JsonCodec.mapper()
                .readValue(
                        JsonCodec.mapper().readTree(V1).get("hyperparameters").toString(),
                        JsonCodec.mapper().getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(m.settingsText()).isEqualTo(v1Map);
        assertThat(SettingsEncoding.runId(
                        m.modelSpec(),
                        m.fineTuningTask(),
                        m.seed(),
                        m.datasetFingerprint(),
                        m.trainingSettings(),
                        m.taskSettings()))
                .isEqualTo("pos-fb1eaa483f55");
    }

    @Test
    void reEncodingWritesTheCurrentVersionThatReadsBackEqual() {
        RunManifest m = decode(V1);
        byte[] v2 = EventCodecs.RUN_MANIFEST.encode(m);
        assertThat(new String(v2, StandardCharsets.UTF_8))
                .startsWith("{\"schemaVersion\":3,")
                .doesNotContain("hyperparameters");
        // a schema-1 run was trained with the legacy recipe
        assertThat(m.trainingSettings().maxGradNorm()).isZero();
        assertThat(m.trainingSettings().hiddenDropout()).isZero();
        assertThat(m.trainingSettings().wordPooling()).isEqualTo("mean");
        assertThat(EventCodecs.RUN_MANIFEST.decode(v2)).isEqualTo(m);
    }

    @Test
    void aBadVersionOneSettingIsNamed() {
        assertThat(field(V1.replace("\"epochs\":\"10\",", ""))).isEqualTo("hyperparameters.epochs");
        assertThat(field(V1.replace("\"epochs\":\"10\"", "\"epochs\":\"ten\""))).isEqualTo("hyperparameters.epochs");
        assertThat(field(V1.replace("\"epochs\":\"10\"", "\"epochs\":10"))).isEqualTo("hyperparameters.epochs");
        assertThat(field(V1.replace("\"epochs\":\"10\"", "\"epochs\":\"10\",\"dropout\":\"0.1\"")))
                .isEqualTo("hyperparameters.dropout");
        assertThat(field(V1.replace("\"max_steps\":\"none\"", "\"max_steps\":\"-1\"")))
                .isEqualTo("hyperparameters.maxSteps");
        assertThat(field(V1.replace("\"hyperparameters\"", "\"settings\""))).isEqualTo("hyperparameters");
        // a version-2 manifest has no map of text
        assertThat(field(V1.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .isEqualTo("hyperparameters");
    }

    private static RunManifest decode(String json) {
        return EventCodecs.RUN_MANIFEST.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String json) {
        CodecException e = catchThrowableOfType(CodecException.class, () -> decode(json));
        assertThat(e).as("decoding %s", json).isNotNull();
        return e.field();
    }
}
