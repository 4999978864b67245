package dev.ftprobe.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.app.FtprobeCommand;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.tasks.FixtureData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ftprobe run} end to end: embedded broker, trainer, extractor and analyzer in one JVM. */
class RunCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runAnalysesEveryCheckpointAndWritesTheSummaryAndARerunGivesTheSameSummary() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        String[] args = {
            "run",
            "--model",
            "random:tiny",
            "--probe-grid",
            "small", // the paper's grid takes minutes on 2 cores; the probe is not what this tests
            "--data-dir",
            data.toString(),
            "--max-steps",
            "4",
            "--checkpoint-every",
            "2",
            "--batch",
            "8",
            "--max-seq-len",
            "96",
            "--out",
            out.toString()
        };

        Result first = execute(args);
        assertThat(first.exit).as(first.text).isZero();
        JsonNode summary =
                JsonCodec.mapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("probe_task").asText()).isEqualTo("pos");
        // random:tiny has two encoder layers: layers 0 (embeddings), 1 and 2, each analysed at every checkpoint.
        assertThat(names(summary.get("layers"))).containsExactly("0", "1", "2");
        for (JsonNode layer : iterable(summary.get("layers"))) {
            assertThat(layer.get("steps").toString()).isEqualTo("[0,2,4]");
            assertThat(names(layer.get("splits"))).containsExactly("test", "train");
            JsonNode train = layer.get("splits").get("train");
            assertThat(train.get("clusters_last").asInt())
                    .isGreaterThanOrEqualTo(train.get("labels").asInt());
            // Labels are named, not numbered, and every label has a minimum distance at the last step.
            assertThat(names(train.get("label_min_distance"))).contains("NOUN", "VERB", "DET");
            // in the task's label order (ids are given in name order), as the analyzer's records carry them
            assertThat(names(train.get("label_min_distance"))).isSorted();
            assertThat(names(train.get("movement_2d").get("labels"))).isSorted();
            // movement paths in 2-D: one point per step; at step 0 nothing has moved, so every label starts
            // at the same point
            JsonNode paths = train.get("movement_2d");
            assertThat(paths.get("steps").toString()).isEqualTo("[0,2,4]");
            JsonNode noun = paths.get("labels").get("NOUN");
            assertThat(noun).hasSize(3);
            for (JsonNode path : iterable(paths.get("labels"))) {
                assertThat(path.get(0).toString()).isEqualTo(noun.get(0).toString());
            }
            assertThat(noun.get(2).toString()).isNotEqualTo(noun.get(0).toString());
        }
        assertThat(Files.readString(out.resolve("summary.md"))).contains("# ftprobe run pos-", "## Layer 2");
        // every checkpoint's lag, from its event to its dynamics being committed, off the records' timestamps
        JsonNode lags = summary.get("lag_seconds");
        assertThat(names(lags)).containsExactly("0", "2", "4");
        for (JsonNode lag : iterable(lags)) {
            assertThat(lag.isNumber()).isTrue();
            assertThat(lag.asDouble()).isGreaterThanOrEqualTo(0.0);
        }
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("Lag, the seconds from each checkpoint's event to its dynamics being committed: step 0 ");
        assertThat(first.text).contains("analyzer  step 4 analysed");

        // The same command again finds the run complete and every set analysed: the same summary.
        byte[] before = Files.readAllBytes(out.resolve("summary.json"));
        Result second = execute(args);
        assertThat(second.exit).as(second.text).isZero();
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(before);
    }

    @Test
    void anUnreachableModelSaysHowToRunOffline() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Result r = execute(
                "run",
                "--offline",
                "--data-dir",
                data.toString(),
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.text).contains("--offline", "--model random:tiny --data-dir");
    }

    @Test
    void aWrongSampleIsRefusedBeforeAnythingStarts() {
        Result r = execute(
                "run",
                "--model",
                "random:tiny",
                "--sample-per-label",
                "0",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.text).contains("--sample-per-label must be at least 1, got 0");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    @Timeout(10)
    void splitsTheTaskHasNotAreRefusedBeforeAnythingStarts() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        // POS on PUD has a train and a test split only: without this check the run would wait for a dynamics
        // that never comes
        Result r = execute(
                "run",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--splits",
                "dev,test",
                "--out",
                out.toString());
        assertThat(r.exit).as(r.text).isEqualTo(2);
        assertThat(r.text).contains("ftprobe run: --splits: pos has no split [dev]; it has [train, test]");
        assertThat(out).doesNotExist();
    }

    @Test
    @Timeout(10)
    void theDynamicsNeedTwoDifferentSplits() {
        Path out = tmp.resolve("out");
        for (String splits : new String[] {"train", "test,test"}) {
            Result r = execute("run", "--model", "random:tiny", "--splits", splits, "--out", out.toString());
            assertThat(r.exit).as(r.text).isEqualTo(2);
            assertThat(r.text)
                    .contains("ftprobe run: --splits: the dynamics compare the first two splits (e.g. "
                            + "train,test); give two different ones, got " + splits);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    @Timeout(10)
    void aWrongLayerListIsRefusedNamingTheFlag() {
        Result r = execute(
                "run",
                "--model",
                "random:tiny",
                "--layers",
                "0,two",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.text)
                .contains("Invalid value for option '--layers': 'two' is not a layer number "
                        + "(give all or a list such as 0,6,12)");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void helpShowsTheDeclaredDefaults() {
        Result r = execute("run", "--help");
        assertThat(r.text)
                .contains(
                        "(default train,test)",
                        "(default all)",
                        "Default: default.",
                        "Sentences per step (default 32)",
                        "Default: 10, 3 for BERT base.");
    }

    private record Result(int exit, String text) {}

    private static Result execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            int exit = FtprobeCommand.commandLine().execute(args);
            return new Result(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        object.elements().forEachRemaining(out::add);
        return out;
    }
}
