package dev.ftprobe.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the canonical text and the run id: a rename or a format change must show up here. */
class SettingsEncodingTest {
    static final String FINGERPRINT = "eb03f42a311a2cc143e315e1e9a8dff19e17a6d1997fe77770c44e7a2b95e338";
    static final String VOCAB = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3";
    static final TrainingSettings TRAINING = new TrainingSettings(
            10, 0, 3.0e-4, 32, 0.1, 2, 20, 2, 128, 5, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", VOCAB);
    static final TaskSettings TASK = new TaskSettings(0.8, 42, List.of("POSS", "P", "PRON.POSS", "INF.P"));

    @Test
    void theCanonicalTextHasTheDocumentedKeysValuesAndOrder() {
        assertThat(SettingsEncoding.encode(TRAINING, TASK).toString())
                .isEqualTo("{epochs=10, max_steps=none, "
                        + "learning_rate=3.0E-4, batch_size=32, warmup=0.1, warmup_steps=2, total_steps=20, "
                        + "steps_per_epoch=2, "
                        + ""
                        + "max_seq_len=128, checkpoint_every=5, optimizer=adam(0.9,0.999,1e-8), "
                        + "schedule=linear-warmup-decay, "
                        + "pud_train_fraction=0.8, pud_seed=42, ps_lexcats=INF.P,P,POSS,PRON.POSS, vocab=" + VOCAB
                        + "}");
    }

    @Test
    void fixedSettingsGiveAFixedRunId() {
        // the id of `ftprobe run --model random:tiny --checkpoint-every 5` on 80 PUD sentences before schema 2
        assertThat(SettingsEncoding.runId("random:tiny", "pos", 42, FINGERPRINT, TRAINING, TASK))
                .isEqualTo("pos-fb1eaa483f55");
        TrainingSettings limited = new TrainingSettings(
                10, 7, 3.0e-4, 32, 0.1, 0, 7, 2, 128, 5, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", VOCAB);
        assertThat(SettingsEncoding.encode(limited, TASK)).containsEntry("max_steps", "7");
        assertThat(SettingsEncoding.runId("random:tiny", "pos", 42, FINGERPRINT, limited, TASK))
                .isNotEqualTo("pos-fb1eaa483f55")
                .startsWith("pos-")
                .hasSize(16);
        assertThat(SettingsEncoding.runId("random:tiny", "pos", 43, FINGERPRINT, TRAINING, TASK))
                .isNotEqualTo("pos-fb1eaa483f55");
    }

    @Test
    void probeTasksMakeARunOfTheirOwnOnlyWhenTheyAreNotTheTaskAlone() {
        // probed on its own task, a run keeps the id it had before cross-task runs existed
        assertThat(SettingsEncoding.runId("random:tiny", "pos", 42, FINGERPRINT, TRAINING, TASK, List.of("pos")))
                .isEqualTo("pos-fb1eaa483f55");
        String cross =
                SettingsEncoding.runId("random:tiny", "pos", 42, FINGERPRINT, TRAINING, TASK, List.of("pos", "ps-fxn"));
        assertThat(cross).isEqualTo("pos-79e7a1cec5b1");
        // the order the tasks were given in does not make another run
        assertThat(SettingsEncoding.runId(
                        "random:tiny", "pos", 42, FINGERPRINT, TRAINING, TASK, List.of("ps-fxn", "pos")))
                .isEqualTo(cross);
        assertThat(SettingsEncoding.runId("random:tiny", "pos", 42, FINGERPRINT, TRAINING, TASK, List.of("ps-fxn")))
                .isNotEqualTo(cross)
                .isNotEqualTo("pos-fb1eaa483f55");
    }

    @Test
    void theTextDecodesToTheSameSettings() {
        SettingsEncoding.Decoded back = SettingsEncoding.decode(SettingsEncoding.encode(TRAINING, TASK));
        assertThat(back.training()).isEqualTo(TRAINING);
        assertThat(back.task()).isEqualTo(TASK);
    }
}
