package dev.ftprobe.app.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.FtprobeCommand;
import dev.ftprobe.tasks.FixtureData;
import dev.ftprobe.tasks.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataStatsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = FtprobeCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsOneJsonObjectWithTheSplitsOfTheTask() throws IOException {
        String shared = SharedData.dir().toString(); // the real STREUSLE counts: skipped where it is missing
        assertThat(run("data", "stats", "--task", "ps-fxn", "--lexcat", "P", "--data-dir", shared))
                .isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("task").asText()).isEqualTo("ps-fxn");
        assertThat(json.get("splits").get("train").get("examples").asInt()).isEqualTo(3_161);
        assertThat(json.get("splits").get("dev").get("examples").asInt()).isEqualTo(320);
        assertThat(json.get("splits").get("test").get("examples").asInt()).isEqualTo(343);
        assertThat(json.get("splits").get("train").get("label_counts").size()).isEqualTo(39);
        assertThat(json.get("splits").get("train").get("sentences").asInt()).isEqualTo(2_723);
    }

    @Test
    void pudSplitOptionsAndHeldOut(@TempDir Path dir) throws IOException {
        // the fixture treebank's 72 sentences: 36 for test, and of the 36 for train, round(3.6) held out
        assertThat(run(
                        "data",
                        "stats",
                        "--task",
                        "pos",
                        "--data-dir",
                        FixtureData.materialise(dir).toString(),
                        "--pud-train-fraction",
                        "0.5",
                        "--held-out",
                        "0.1"))
                .isZero();
        JsonNode splits = new ObjectMapper().readTree(out.toString()).get("splits");
        assertThat(splits.get("train").get("sentences").asInt()).isEqualTo(32);
        assertThat(splits.get("heldout").get("sentences").asInt()).isEqualTo(4);
        assertThat(splits.get("test").get("sentences").asInt()).isEqualTo(36);
    }

    @Test
    void badDataExitsNonZeroWithTheError(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("trec"));
        Files.writeString(dir.resolve("trec/train_5500.label"), "LOC:city Where ?\nWhat ?\n");
        Files.writeString(dir.resolve("trec/TREC_10.label"), "LOC:city Where ?\n");
        assertThat(run("data", "stats", "--task", "trec", "--data-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("train_5500.label: line 2: expected a label");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingDataExitsNonZeroAndSaysHowToProvideIt(@TempDir Path dir) {
        assertThat(run("data", "stats", "--task", "dep", "--data-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("ud-english-pud/en_pud-ud-test.conllu")
                .contains("--data-dir");
    }

    @Test
    void fetchOfflineOnAnEmptyCacheListsTheMissingFiles(@TempDir Path dir) {
        assertThat(run("data", "fetch", "--offline", "--cache-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("trec/TREC_10.label")
                .contains("streusle.ud_train.json")
                .contains("--data-dir");
    }
}
