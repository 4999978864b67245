package dev.ftprobe.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.Evaluation;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.SettingsEncoding;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recipe fields of issue 16: manifests of schema 3 and 2, checkpoint events of schema 2 and 1. */
class RecipeSchemaTest {
    static final TrainingSettings HF = new TrainingSettings(
            10,
            0,
            3e-4,
            32,
            0.1,
            3,
            32,
            4,
            128,
            4,
            "adamw(0.9,0.999,1e-8,wd=0)",
            "linear-warmup-decay",
            "model",
            1.0,
            0.1,
            0.1,
            "mean",
            2);

    static RunManifest manifest(TrainingSettings t) {
        RunManifest m = JsonCodecTest.manifest();
        return new RunManifest(
                m.runId(),
                m.modelSpec(),
                m.fineTuningTask(),
                m.probeTasks(),
                t,
                m.taskSettings(),
                m.seed(),
                m.datasetFingerprint(),
                m.layers(),
                m.splitSizes(),
                m.codeVersion(),
                m.createdAt());
    }

    @Test
    void aSchemaTwoManifestReadsAsTheLegacyRecipe() throws Exception {
        RunManifest legacy = JsonCodecTest.manifest();
        ObjectNode n = (ObjectNode) JsonCodec.mapper().readTree(EventCodecs.RUN_MANIFEST.encode(legacy));
        n.put("schemaVersion", 2);
        ObjectNode t = (ObjectNode) n.get("trainingSettings");
        for (String f : List.of("maxGradNorm", "hiddenDropout", "attentionDropout", "wordPooling", "cutExamples")) {
            assertThat(t.remove(f)).as(f).isNotNull();
        }
        RunManifest back = EventCodecs.RUN_MANIFEST.decode(n.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(back).isEqualTo(legacy);
        assertThat(back.trainingSettings().maxGradNorm()).isZero();
        assertThat(back.trainingSettings().wordPooling()).isEqualTo("mean");
    }

    @Test
    void recipeSettingsRoundTripAndEnterTheTextOnlyWhenNotLegacy() {
        RunManifest m = manifest(HF);
        assertThat(EventCodecs.RUN_MANIFEST.decode(EventCodecs.RUN_MANIFEST.encode(m)))
                .isEqualTo(m);
        TaskSettings task = m.taskSettings();
        Map<String, String> text = SettingsEncoding.encode(HF, task);
        assertThat(text)
                .containsEntry("max_grad_norm", "1.0")
                .containsEntry("hidden_dropout", "0.1")
                .containsEntry("attention_dropout", "0.1")
                .containsEntry("cut_examples", "2")
                .doesNotContainKey("word_pooling");
        assertThat(SettingsEncoding.decode(text).training()).isEqualTo(HF);
        Map<String, String> legacy =
                SettingsEncoding.encode(JsonCodecTest.manifest().trainingSettings(), task);
        assertThat(legacy).doesNotContainKeys("max_grad_norm", "hidden_dropout", "word_pooling", "cut_examples");
        assertThat(SettingsEncoding.runId("m", "pos", 1, JsonCodecTest.SHA, HF, task))
                .isNotEqualTo(SettingsEncoding.runId(
                        "m",
                        "pos",
                        1,
                        JsonCodecTest.SHA,
                        JsonCodecTest.manifest().trainingSettings(),
                        task));
        assertThatThrownBy(() -> manifest(new TrainingSettings(
                        10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "a", "s", "model", 1.0, 1.5, 0.1, "mean", 0)))
                .hasMessageContaining("hiddenDropout");
        assertThatThrownBy(() -> new TrainingSettings(
                        10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "a", "s", "model", 1.0, 0.1, 0.1, "last", 0))
                .hasMessageContaining("wordPooling");
    }

    @Test
    void checkpointEventsCarryTheEvaluationAndVersionOneStillReads() throws Exception {
        CheckpointEvent plain = JsonCodecTest.checkpoint(0.5);
        CheckpointEvent evaluated = new CheckpointEvent(
                plain.runId(),
                plain.step(),
                plain.epoch(),
                plain.trainingLoss(),
                plain.learningRate(),
                plain.checkpointUri(),
                plain.sha256(),
                plain.sizeBytes(),
                plain.createdAt(),
                Map.of("test", new Evaluation(0.25, 0.9, 200), "dev", new Evaluation(0.3, 0.875, 80)));
        byte[] json = EventCodecs.CHECKPOINT.encode(evaluated);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .startsWith("{\"schemaVersion\":2,")
                .contains("\"evaluation\":{\"dev\":{\"loss\":0.3,\"accuracy\":0.875,\"examples\":80},");
        assertThat(EventCodecs.CHECKPOINT.decode(json)).isEqualTo(evaluated);

        ObjectNode v1 = (ObjectNode) JsonCodec.mapper().readTree(EventCodecs.CHECKPOINT.encode(plain));
        v1.put("schemaVersion", 1);
        CheckpointEvent back = EventCodecs.CHECKPOINT.decode(v1.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(back).isEqualTo(plain);
        assertThat(back.evaluation()).isNull();
        assertThatThrownBy(() -> new Evaluation(0.1, 1.5, 3)).hasMessageContaining("accuracy");
    }
}
