package dev.ftprobe.app.run;

import static dev.ftprobe.app.Captured.execute;
import static dev.ftprobe.app.run.JsonNodes.names;
import static dev.ftprobe.app.run.JsonNodes.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.app.Captured;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.tasks.FixtureData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

        Captured first = execute(args);
        assertThat(first.exit()).as(first.text()).isZero();
        JsonNode summary =
                JsonCodec.mapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("probe_task").asText()).isEqualTo("pos");
        // random:tiny has two encoder layers: layers 0 (embeddings), 1 and 2, each analysed at every checkpoint.
        assertThat(names(summary.get("layers"))).containsExactly("0", "1", "2");
        for (JsonNode layer : values(summary.get("layers"))) {
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
            for (JsonNode path : values(paths.get("labels"))) {
                assertThat(path.get(0).toString()).isEqualTo(noun.get(0).toString());
            }
            assertThat(noun.get(2).toString()).isNotEqualTo(noun.get(0).toString());
        }
        assertThat(Files.readString(out.resolve("summary.md"))).contains("# ftprobe run pos-", "## Layer 2");
        // every checkpoint's lag, from its event to its dynamics being committed, off the records' timestamps
        JsonNode lags = summary.get("lag_seconds");
        assertThat(names(lags)).containsExactly("0", "2", "4");
        for (JsonNode lag : values(lags)) {
            assertThat(lag.isNumber()).isTrue();
            assertThat(lag.asDouble()).isGreaterThanOrEqualTo(0.0);
        }
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("Lag, the seconds from each checkpoint's event to its dynamics being committed: step 0 ");
        assertThat(first.text()).contains("analyzer  step 4 analysed");

        // The same command again finds the run complete and every set analysed: the same summary.
        byte[] before = Files.readAllBytes(out.resolve("summary.json"));
        Captured second = execute(args);
        assertThat(second.exit()).as(second.text()).isZero();
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(before);
    }

    @Test
    void aCrossTaskRunAnalysesEveryProbeTaskAndSummarisesAndReportsEach() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        Captured r = execute(
                "run",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--task",
                "pos",
                "--probe-tasks",
                "pos,dep",
                "--max-steps",
                "2",
                "--checkpoint-every",
                "2",
                "--batch",
                "8",
                "--max-seq-len",
                "96",
                "--probe-grid",
                "small",
                "--out",
                out.toString());
        assertThat(r.exit()).as(r.text()).isZero();
        // every checkpoint waits for both tasks' sets: 2 probe tasks x 2 splits x 3 layers
        assertThat(r.text()).contains("analyzer  step 0 analysed: 12 sets", "analyzer  step 2 analysed: 12 sets");
        JsonNode summary =
                JsonCodec.mapper().readTree(out.resolve("summary.json").toFile());
        String run = summary.get("run").asText();
        assertThat(run).startsWith("pos-");
        assertThat(names(summary)).containsExactly("run", "probe_tasks");
        assertThat(names(summary.get("probe_tasks"))).containsExactly("pos", "dep");
        String html = Files.readString(out.resolve("report.html"));
        String md = Files.readString(out.resolve("summary.md"));
        assertThat(md).contains("# ftprobe run " + run, "## Probe task `pos`", "## Probe task `dep`", "### Layer 2");
        for (String task : List.of("pos", "dep")) {
            // each probe task's part is what a run with that one probe task has
            JsonNode t = summary.get("probe_tasks").get(task);
            assertThat(t.get("run").asText()).isEqualTo(run);
            assertThat(t.get("probe_task").asText()).isEqualTo(task);
            assertThat(names(t.get("layers"))).containsExactly("0", "1", "2");
            JsonNode last = t.get("layers").get("2");
            assertThat(last.get("steps").toString()).isEqualTo("[0,2]");
            JsonNode train = last.get("splits").get("train");
            assertThat(names(train.get("label_min_distance"))).contains(task.equals("pos") ? "NOUN" : "nsubj");
            // Table 5's counts are those of the labels' minimum distances at both steps
            int both = 0;
            int grew = 0;
            int shrank = 0;
            for (JsonNode label : values(train.get("label_min_distance"))) {
                if (label.get("first").isNumber() && label.get("last").isNumber()) {
                    double change =
                            label.get("last").asDouble() - label.get("first").asDouble();
                    both++;
                    grew += change > 0 ? 1 : 0;
                    shrank += change < 0 ? 1 : 0;
                }
            }
            assertThat(both).isPositive();
            JsonNode change = train.get("min_distance_change");
            assertThat(change.get("labels").asInt()).isEqualTo(both);
            assertThat(change.get("grew").asInt()).isEqualTo(grew);
            assertThat(change.get("shrank").asInt()).isEqualTo(shrank);
            // the classifier probe ran on the last layer at the first and the last step, beside Table 5
            JsonNode probe = last.get("probe");
            assertThat(names(probe)).containsExactly("0", "2");
            String first = String.format(
                    Locale.ROOT,
                    "%.4f",
                    probe.get("0").get("test_accuracy").get("mean").asDouble());
            String end = String.format(
                    Locale.ROOT,
                    "%.4f",
                    probe.get("2").get("test_accuracy").get("mean").asDouble());
            // the report's Table 5 row of this probe task's last layer (the train split is the figures' split)
            assertThat(html)
                    .contains("<tr><td>pos</td><td>" + task + "</td><td>" + run + "</td><td>2</td><td>"
                            + change.get("labels").asInt() + "</td><td>" + grew + "</td><td>" + shrank + "</td><td>"
                            + String.format(
                                    Locale.ROOT, "%+.4f", change.get("mean").asDouble()) + "</td><td>" + first
                            + " → " + end + "</td></tr>");
            assertThat(html).contains("<h3>Probe task " + task + " (fine-tuned on pos)</h3>");
            assertThat(out.resolve("figures").resolve(run + "-" + task + "-fig2.svg"))
                    .exists();
        }
    }

    @Test
    @Timeout(20)
    void wrongProbeTasksAreRefusedNamingTheFlag() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        Captured unknown =
                execute("run", "--model", "random:tiny", "--probe-tasks", "pos,nope", "--out", out.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.text())
                .contains("Invalid value for option '--probe-tasks': unknown task 'nope'; expected one of pos, dep, "
                        + "ps-role, ps-fxn, trec");
        Captured twice =
                execute("run", "--model", "random:tiny", "--probe-tasks", "dep,pos,dep", "--out", out.toString());
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.text())
                .contains("Invalid value for option '--probe-tasks': dep is given twice in 'dep,pos,dep'");
        // each probe task must have every split of --splits; the training task, not probed here, need not
        Captured split = execute(
                "run",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--task",
                "pos",
                "--probe-tasks",
                "dep",
                "--splits",
                "train,dev",
                "--out",
                out.toString());
        assertThat(split.exit()).as(split.text()).isEqualTo(2);
        assertThat(split.text())
                .contains("ftprobe run: --splits and --probe-tasks: probe task dep has no split [dev]; it has "
                        + "[train, test]");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnreachableModelSaysHowToRunOffline() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Captured r = execute(
                "run",
                "--offline",
                "--data-dir",
                data.toString(),
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.text()).contains("--offline", "--model random:tiny --data-dir");
    }

    @Test
    void aWrongSampleIsRefusedBeforeAnythingStarts() {
        Captured r = execute(
                "run",
                "--model",
                "random:tiny",
                "--sample-per-label",
                "0",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.text()).contains("--sample-per-label must be at least 1, got 0");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    @Timeout(10)
    void splitsTheTaskHasNotAreRefusedBeforeAnythingStarts() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        // POS on PUD has a train and a test split only: without this check the run would wait for a dynamics
        // that never comes
        Captured r = execute(
                "run",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--splits",
                "dev,test",
                "--out",
                out.toString());
        assertThat(r.exit()).as(r.text()).isEqualTo(2);
        assertThat(r.text()).contains("ftprobe run: --splits: pos has no split [dev]; it has [train, test]");
        assertThat(out).doesNotExist();
    }

    @Test
    @Timeout(10)
    void theDynamicsNeedTwoDifferentSplits() {
        Path out = tmp.resolve("out");
        for (String splits : new String[] {"train", "test,test"}) {
            Captured r = execute("run", "--model", "random:tiny", "--splits", splits, "--out", out.toString());
            assertThat(r.exit()).as(r.text()).isEqualTo(2);
            assertThat(r.text())
                    .contains("ftprobe run: --splits: the dynamics compare the first two splits (e.g. "
                            + "train,test); give two different ones, got " + splits);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    @Timeout(10)
    void aWrongLayerListIsRefusedNamingTheFlag() {
        Captured r = execute(
                "run",
                "--model",
                "random:tiny",
                "--layers",
                "0,two",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.text())
                .contains("Invalid value for option '--layers': 'two' is not a layer number or range "
                        + "(give all or a list such as 0,6,12 or 1-12)");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void helpShowsTheDeclaredDefaults() {
        Captured r = execute("run", "--help");
        assertThat(r.text())
                .contains(
                        "(default train,test)",
                        "(default all)",
                        "Default: default.",
                        "Sentences per step (default 32)",
                        "Default: 10, 3 for BERT base.");
    }
}
