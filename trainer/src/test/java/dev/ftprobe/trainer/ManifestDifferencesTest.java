package dev.ftprobe.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.events.codec.EventCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resume check compares typed settings, including those of manifests retained from schema 1. */
class ManifestDifferencesTest {
    static final String FINGERPRINT = "eb03f42a311a2cc143e315e1e9a8dff19e17a6d1997fe77770c44e7a2b95e338";
    static final String VOCAB = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3";
    /** A manifest the trainer published before schema 2. */
    static final String V1 = "{\"schemaVersion\":1,\"runId\":\"pos-fb1eaa483f55\",\"modelSpec\":\"random:tiny\","
            + "\"fineTuningTask\":\"pos\",\"probeTasks\":[\"pos\"],\"hyperparameters\":{\"batch_size\":\"32\","
            + "\"checkpoint_every\":\"5\",\"epochs\":\"10\",\"learning_rate\":\"3.0E-4\",\"max_seq_len\":\"128\","
            + "\"max_steps\":\"none\",\"optimizer\":\"adam(0.9,0.999,1e-8)\",\"ps_lexcats\":\"INF.P,P,POSS,PRON.POSS\","
            + "\"pud_seed\":\"42\",\"pud_train_fraction\":\"0.8\",\"schedule\":\"linear-warmup-decay\","
            + "\"steps_per_epoch\":\"2\",\"total_steps\":\"20\",\"vocab\":\"" + VOCAB + "\",\"warmup\":\"0.1\","
            + "\"warmup_steps\":\"2\"},\"seed\":42,\"datasetFingerprint\":\"" + FINGERPRINT + "\","
            + "\"layers\":[0,1,2],\"splitSizes\":{\"test\":335,\"train\":1371},\"codeVersion\":\"0.1.0-SNAPSHOT\","
            + "\"createdAt\":\"2026-12-01T20:36:12.634638084Z\"}";

    static RunManifest today(double lr, List<String> lexcats) {
        // the recipe of the retained run: DJL's Adam, no clipping, no dropout (the legacy constructor)
        TrainingSettings training = new TrainingSettings(
                10, 0, lr, 32, 0.1, 2, 20, 2, 128, 5, "adam(0.9,0.999,1e-8)", RunSetup.SCHEDULE, VOCAB);
        return new RunManifest(
                "pos-fb1eaa483f55",
                "random:tiny",
                "pos",
                List.of("pos"),
                training,
                new TaskSettings(0.8, 42, lexcats),
                42,
                FINGERPRINT,
                List.of(0, 1, 2),
                Map.of("train", 1371, "test", 335),
                "0.2.0",
                Instant.now());
    }

    @Test
    void aRetainedVersionOneRunIsTheSameRunAsToday() {
        RunManifest retained = EventCodecs.RUN_MANIFEST.decode(V1.getBytes(StandardCharsets.UTF_8));
        assertThat(ManifestDifferences.of(retained, today(3e-4, List.of("P", "PRON.POSS", "POSS", "INF.P"))))
                .isEmpty();
    }

    @Test
    void theSameFlagsWithHfsRecipeAreAnotherRun() {
        RunManifest retained = EventCodecs.RUN_MANIFEST.decode(V1.getBytes(StandardCharsets.UTF_8));
        RunManifest legacy = today(3e-4, List.of("P", "PRON.POSS", "POSS", "INF.P"));
        TrainingSettings t = legacy.trainingSettings();
        TrainingSettings hf = new TrainingSettings(
                t.epochs(),
                t.maxSteps(),
                t.learningRate(),
                t.batchSize(),
                t.warmupShare(),
                t.warmupSteps(),
                t.totalSteps(),
                t.stepsPerEpoch(),
                t.maxSeqLen(),
                t.checkpointEvery(),
                RunSetup.OPTIMIZER,
                t.schedule(),
                t.vocabulary(),
                1.0,
                0.1,
                0.1,
                "mean",
                0);
        RunManifest now = new RunManifest(
                legacy.runId(),
                legacy.modelSpec(),
                legacy.fineTuningTask(),
                legacy.probeTasks(),
                hf,
                legacy.taskSettings(),
                legacy.seed(),
                legacy.datasetFingerprint(),
                legacy.layers(),
                legacy.splitSizes(),
                legacy.codeVersion(),
                legacy.createdAt());
        assertThat(ManifestDifferences.of(retained, now))
                .containsExactly(
                        "attention_dropout was 0.0, now 0.1",
                        "hidden_dropout was 0.0, now 0.1",
                        "max_grad_norm was 0.0, now 1.0",
                        "optimizer was adam(0.9,0.999,1e-8), now adamw(0.9,0.999,1e-8,wd=0)");
    }

    @Test
    void eachDifferingSettingIsOneReadableLine() {
        RunManifest retained = EventCodecs.RUN_MANIFEST.decode(V1.getBytes(StandardCharsets.UTF_8));
        assertThat(ManifestDifferences.of(retained, today(1e-3, List.of("P"))))
                .containsExactly("learning_rate was 3.0E-4, now 0.001", "ps_lexcats was INF.P,P,POSS,PRON.POSS, now P");
    }
}
