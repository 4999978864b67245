package dev.ftprobe.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.FtprobeCommand;
import dev.ftprobe.infra.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** trainer, extractor and inspect through the command line, against an embedded broker. */
class PipelineCommandsTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = FtprobeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The first 30 sentences of PUD and the uncased vocabulary, from ../shared/data. */
    private static Path data(Path dir) throws Exception {
        return dev.ftprobe.trainer.SharedData.pudSlice(dir, 30);
    }

    @Test
    @Timeout(180)
    void trainExtractInspect(@TempDir Path tmp) throws Exception {
        Path data = data(tmp.resolve("data"));
        String ck = tmp.resolve("ck").toString();
        ObjectMapper json = new ObjectMapper();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            String[] train = {"trainer", "--bootstrap", b, "--model", "random:tiny", "--task", "pos", "--data-dir",
                    data.toString(), "--run-id", "cli", "--max-steps", "2", "--batch", "8", "--max-seq-len", "64",
                    "--checkpoint-every", "1", "--checkpoint-dir", ck};
            Run t = run(train);
            assertThat(t.exit()).as(t.err()).isZero();
            JsonNode summary = json.readTree(t.out());
            assertThat(summary.get("complete").asBoolean()).isTrue();
            assertThat(summary.get("published_steps").toString()).isEqualTo("[0,1,2]");

            List<String> conflict = new ArrayList<>(List.of(train));
            conflict.addAll(List.of("--lr", "1e-3"));
            Run c = run(conflict.toArray(String[]::new));
            assertThat(c.exit()).isEqualTo(2);
            assertThat(c.err()).contains("run cli already exists with another configuration", "learning_rate");

            Run e = run("extractor", "--bootstrap", b, "--data-dir", data.toString(), "--layers", "0,2",
                    "--splits", "test", "--exit-when-idle", "2s", "--chunk-size", "40");
            assertThat(e.exit()).as(e.err()).isZero();

            Run i = run("inspect", "--bootstrap", b, "--run", "cli");
            assertThat(i.exit()).isZero();
            JsonNode report = json.readTree(i.out());
            assertThat(report.get("manifest").get("fineTuningTask").asText()).isEqualTo("pos");
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
            assertThat(run("inspect", "--bootstrap", b, "--run", "nothing").exit()).isEqualTo(1);
        }
    }
}
