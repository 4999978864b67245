package dev.ftprobe.app.run;

import static dev.ftprobe.app.Captured.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.app.Captured;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.TaskName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ftprobe reproduce} end to end on random:tiny and the fixture corpora, which have POS and DEP. */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reproducesTheExperimentsIntoOneReportFindsEarlierRunsAndSkipsThemWhenRunAgain() throws Exception {
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        List<String> common = List.of(
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--max-steps",
                "2",
                "--checkpoint-every",
                "2",
                "--batch",
                "8",
                "--max-seq-len",
                "96",
                "--layers",
                "0,2",
                "--probe-steps",
                "none",
                "--out",
                out.toString());
        // a run made before by ftprobe run in the same --out, with the same settings
        Captured before = execute(args(List.of("run", "--task", "dep"), common));
        assertThat(before.exit()).as(before.text()).isZero();
        String dep = JsonCodec.mapper()
                .readTree(out.resolve("summary.json").toFile())
                .get("run")
                .asText();

        Captured first = execute(args(List.of("reproduce", "--tasks", "pos,dep"), common));
        assertThat(first.exit()).as(first.text()).isZero();
        assertThat(first.text())
                .contains(
                        "reproduce experiment 1 of 2: fine-tune random:tiny on pos, probe pos",
                        "reproduce experiment 2 of 2: fine-tune random:tiny on dep, probe dep");
        String pos = runOf(first.text(), "pos -> pos");
        assertThat(pos).startsWith("pos-");
        assertThat(runOf(first.text(), "dep -> dep")).isEqualTo(dep);
        assertThat(statusOf(first.text(), "pos -> pos")).isEqualTo("new");
        assertThat(statusOf(first.text(), "dep -> dep")).isEqualTo("skipped");
        for (String run : List.of(pos, dep)) {
            Path dir = out.resolve("runs").resolve(run);
            JsonNode summary =
                    JsonCodec.mapper().readTree(dir.resolve("summary.json").toFile());
            assertThat(summary.get("run").asText()).isEqualTo(run);
            assertThat(summary.get("probe_task").asText()).isEqualTo(run.substring(0, 3));
            assertThat(dir.resolve("summary.md")).exists();
            assertThat(first.text()).contains(dir.toString());
        }
        // one report over both runs
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains(" 2 run(s), ", "<h2>Run " + pos + "</h2>", "<h2>Run " + dep + "</h2>");
        assertThat(html).contains("<tr><td>pos</td><td>pos</td><td>" + pos + "</td><td>2</td>");
        assertThat(html).contains("<tr><td>dep</td><td>dep</td><td>" + dep + "</td><td>2</td>");
        // the last line says where the report is, after the services' closing lines
        List<String> lines = first.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("reproduce 2 run(s) of random:tiny; report " + out.resolve("report.html"));

        // again: both complete, nothing trained or analysed, the same report
        Captured second = execute(args(List.of("reproduce", "--tasks", "pos,dep"), common));
        assertThat(second.exit()).as(second.text()).isZero();
        assertThat(statusOf(second.text(), "pos -> pos")).isEqualTo("skipped");
        assertThat(statusOf(second.text(), "dep -> dep")).isEqualTo("skipped");
        assertThat(runOf(second.text(), "pos -> pos")).isEqualTo(pos);
        assertThat(second.text()).doesNotContain("trainer   step", "extractor step");
        assertThat(second.text()).contains("analyzer  step 2: 4 sets analysed before");
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("<h2>Run " + pos + "</h2>", "<h2>Run " + dep + "</h2>");
    }

    @Test
    void aStoppedReproductionsTableListsTheExperimentInProgressAndThoseNotRun() {
        List<Experiment> experiments = ReproduceCommand.experiments(List.of(TaskName.POS, TaskName.DEP, TaskName.TREC));
        PipelineRun.Outcome pos = new PipelineRun.Outcome(
                "pos-1", List.of(12), List.of(), 4, false, false, Duration.ofSeconds(50), Duration.ofMillis(61_250));
        String text = ReproduceCommand.table(
                List.of(new ReproduceCommand.Done(experiments.get(0), pos, tmp.resolve("runs/pos-1"))),
                experiments,
                "stopped");
        assertThat(row(text, "pos -> pos")).containsExactly("pos-1", "new", "61.3 s", tmp.resolve("runs/pos-1") + "");
        assertThat(text)
                .containsPattern("(?m)^dep -> dep +- +stopped +- +-$")
                .containsPattern("(?m)^trec -> trec +- +not run +- +-$");
        assertThat(text.lines()).hasSize(4);
    }

    @Test
    void theExperimentsAreThePapersWithPsFxnProbedAfterPosAndPsRole() {
        List<Experiment> paper = ReproduceCommand.experiments(
                List.of(TaskName.POS, TaskName.PS_FXN, TaskName.PS_ROLE, TaskName.DEP, TaskName.TREC));
        assertThat(paper)
                .extracting(Experiment::label)
                .containsExactly(
                        "pos -> pos, ps-fxn",
                        "ps-fxn -> ps-fxn",
                        "ps-role -> ps-role, ps-fxn",
                        "dep -> dep",
                        "trec -> trec");
        // without PS-fxn among the tasks, every task is probed on itself alone
        assertThat(ReproduceCommand.experiments(List.of(TaskName.DEP, TaskName.POS, TaskName.PS_ROLE)))
                .extracting(Experiment::label)
                .containsExactly("dep -> dep", "pos -> pos", "ps-role -> ps-role");
    }

    @Test
    @Timeout(20)
    void wrongTasksAreRefusedNamingTheFlag() throws Exception {
        Path out = tmp.resolve("out");
        Captured unknown = execute("reproduce", "--tasks", "pos,bert", "--out", out.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.text())
                .contains("Invalid value for option '--tasks': unknown task 'bert'; expected one of pos, dep, ps-role, "
                        + "ps-fxn, trec");
        Captured empty = execute("reproduce", "--tasks", "pos,,dep", "--out", out.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.text()).contains("Invalid value for option '--tasks': a task has no name in 'pos,,dep'");
        // a task whose data lacks a split of --splits is refused naming both flags
        Path data = FixtureData.materialise(tmp.resolve("data"));
        Captured split = execute(
                "reproduce",
                "--model",
                "random:tiny",
                "--data-dir",
                data.toString(),
                "--tasks",
                "trec",
                "--splits",
                "train,dev",
                "--out",
                out.toString());
        assertThat(split.exit()).as(split.text()).isEqualTo(2);
        assertThat(split.text())
                .contains("ftprobe reproduce: --splits and --tasks: probe task trec has no split [dev]; it has "
                        + "[train, test]");
        assertThat(out).doesNotExist();
    }

    private static String[] args(List<String> command, List<String> common) {
        List<String> all = new ArrayList<>(command);
        all.addAll(common);
        return all.toArray(String[]::new);
    }

    /** The final table's line of an experiment: experiment, run, status, time, results. */
    private static String[] row(String text, String experiment) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(experiment) + "  +(\\S+)  +(\\S+)  +(\\S+ s)  +(\\S+)$")
                .matcher(text);
        assertThat(m.find()).as("a table row of %s in%n%s", experiment, text).isTrue();
        return new String[] {m.group(1), m.group(2), m.group(3), m.group(4)};
    }

    private static String runOf(String text, String experiment) {
        return row(text, experiment)[0];
    }

    private static String statusOf(String text, String experiment) {
        return row(text, experiment)[1];
    }
}
