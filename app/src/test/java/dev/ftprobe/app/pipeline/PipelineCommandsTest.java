package dev.ftprobe.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.trainer.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** trainer, extractor and inspect through the command line, against an embedded broker. */
class PipelineCommandsTest {
    @Test
    @Timeout(180)
    void trainExtractInspect(@TempDir Path tmp) throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        String ck = tmp.resolve("ck").toString();
        ObjectMapper json = new ObjectMapper();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            String[] train = {
                "trainer",
                "--bootstrap",
                b,
                "--model",
                "random:tiny",
                "--task",
                "pos",
                "--data-dir",
                data.toString(),
                "--run-id",
                "cli",
                "--max-steps",
                "2",
                "--batch",
                "8",
                "--max-seq-len",
                "64",
                "--checkpoint-every",
                "1",
                "--checkpoint-dir",
                ck
            };
            CommandRun t = CommandRun.of(train);
            assertThat(t.exit()).as(t.err()).isZero();
            JsonNode summary = json.readTree(t.out());
            assertThat(summary.get("complete").asBoolean()).isTrue();
            assertThat(summary.get("published_steps").toString()).isEqualTo("[0,1,2]");

            List<String> conflict = new ArrayList<>(List.of(train));
            conflict.addAll(List.of("--lr", "1e-3"));
            CommandRun c = CommandRun.of(conflict.toArray(String[]::new));
            assertThat(c.exit()).isEqualTo(2);
            assertThat(c.err()).contains("run cli already exists with another configuration", "learning_rate");

            CommandRun e = CommandRun.of(
                    "extractor",
                    "--bootstrap",
                    b,
                    "--data-dir",
                    data.toString(),
                    "--layers",
                    "0,2",
                    "--splits",
                    "test",
                    "--exit-when-idle",
                    "2s",
                    "--chunk-size",
                    "40");
            assertThat(e.exit()).as(e.err()).isZero();

            CommandRun i = CommandRun.of("inspect", "--bootstrap", b, "--run", "cli");
            assertThat(i.exit()).isZero();
            JsonNode report = json.readTree(i.out());
            assertThat(report.get("manifest").get("fineTuningTask").asText()).isEqualTo("pos");
            JsonNode training = report.get("manifest").get("trainingSettings");
            assertThat(training.get("batchSize").asInt()).isEqualTo(8);
            assertThat(training.get("maxSeqLen").asInt()).isEqualTo(64);
            assertThat(training.get("checkpointEvery").asInt()).isEqualTo(1);
            assertThat(training.get("learningRate").asDouble()).isEqualTo(Trainer.DEFAULT_LR);
            assertThat(report.get("manifest")
                            .get("taskSettings")
                            .get("pudTrainFraction")
                            .asDouble())
                    .isEqualTo(0.8);
            assertThat(report.get("checkpoint_steps").toString()).isEqualTo("[0,1,2]");
            assertThat(report.get("complete").asBoolean()).isTrue();
            JsonNode sets = report.get("sets");
            assertThat(sets).hasSize(3 * 2);
            int testSize = report.get("manifest").get("splitSizes").get("test").asInt();
            for (JsonNode s : sets) {
                assertThat(s.get("split").asText()).isEqualTo("test");
                assertThat(s.get("layer").asInt()).isIn(0, 2);
                assertThat(s.get("vectors").asInt()).isEqualTo(testSize);
                assertThat(s.get("chunkCount").asInt()).isEqualTo((testSize + 39) / 40);
            }
            assertThat(CommandRun.of("inspect", "--bootstrap", b, "--run", "nothing")
                            .exit())
                    .isEqualTo(1);
        }
    }

    @Test
    @Timeout(20)
    void wrongProbeTasksAreRefusedNamingTheFlag() {
        CommandRun r = CommandRun.of(
                "trainer",
                "--bootstrap",
                "127.0.0.1:1",
                "--model",
                "random:tiny",
                "--task",
                "pos",
                "--probe-tasks",
                "pos,ps-fxn,pos");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("Invalid value for option '--probe-tasks': pos is given twice in 'pos,ps-fxn,pos'");
    }

    @Test
    void theExtractorRefusesAWrongProbeTaskNamingTheFlag() {
        CommandRun r = CommandRun.of("extractor", "--bootstrap", "127.0.0.1:1", "--probe-tasks", "pos,chunking");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--probe-tasks'", "chunking");
    }
}
