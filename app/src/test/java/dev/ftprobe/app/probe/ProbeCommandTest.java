package dev.ftprobe.app.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.app.directprobe.DirectProbeData;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.probe.ClassifierProbe;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.probe.ProbeJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {
    @TempDir
    Path dir;

    /** Three separable blobs in 3-D, labels cycling A, B, C (test: the labels given, in turn). */
    private void writeSet(int trainPoints, List<String> testLabels, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(dir.resolve("labels"));
        Files.createDirectories(dir.resolve("entities"));
        Files.createDirectories(dir.resolve("embeddings"));
        Files.write(dir.resolve("labels/tags.txt"), List.of("A", "B", "C"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < trainPoints; i++) {
            labels.add(List.of("A", "B", "C").get(i % 3));
        }
        write("train", labels, r);
        write("test", testLabels, r);
    }

    private void write(String split, List<String> labels, Random r) throws IOException {
        List<String> entities = new ArrayList<>();
        List<String> vectors = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            entities.add("word" + i + "\t" + label);
            int axis = "ABC".indexOf(label);
            StringBuilder v = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                v.append(String.format(Locale.ROOT, "%.6f ", r.nextGaussian() * 0.5 + (k == axis ? 6 : 0)));
            }
            vectors.add(v.toString().strip());
        }
        Files.write(dir.resolve("entities/" + split + ".txt"), entities);
        Files.write(dir.resolve("embeddings/" + split + ".txt"), vectors);
    }

    private static List<String> cycle(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(List.of("A", "B", "C").get(i % 3));
        }
        return out;
    }

    @Test
    void printsTheIssuesJsonWithDirectProbesAccuracy() throws Exception {
        writeSet(90, cycle(30), 1);
        CommandRun run = CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "small", "--seed", "4");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly("best", "test_accuracy", "grid", "seconds", "directprobe_accuracy");
        assertThat(json.get("best").fieldNames()).toIterable().containsExactly("hidden", "alpha");
        assertThat(json.get("best").get("hidden")).hasSize(2);
        JsonNode test = json.get("test_accuracy");
        assertThat(test.fieldNames()).toIterable().containsExactly("mean", "std", "runs");
        assertThat(test.get("runs")).hasSize(5);
        assertThat(test.get("mean").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(json.get("grid")).hasSize(4);
        JsonNode first = json.get("grid").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("hidden", "alpha", "dev_accuracy");
        assertThat(first.get("hidden").get(0).asInt()).isEqualTo(32);
        assertThat(first.get("alpha").asDouble()).isEqualTo(1e-4);
        assertThat(json.get("seconds").asDouble()).isPositive();
        assertThat(json.get("directprobe_accuracy").asDouble()).isEqualTo(1.0);

        CommandRun again = CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "small", "--seed", "4");
        assertThat(new ObjectMapper().readTree(again.out()).get("test_accuracy"))
                .isEqualTo(test);
    }

    /**
     * {@code --progress-dir}: a probe stopped after its grid and its first final run goes on from them. The journal is
     * written here as such a probe leaves it, its first run's accuracy marked (0.125, no accuracy of 30 test points),
     * so that the run taken from it shows in the result; the other runs are the uninterrupted probe's.
     */
    @Test
    void aProbeGoesOnFromTheProgressItsDirectoryHolds() throws Exception {
        writeSet(90, cycle(30), 1);
        Path progress = dir.resolve("progress");
        String[] args = {
            "probe",
            "--data",
            dir.toString(),
            "--probe-grid",
            "small",
            "--seed",
            "4",
            "--progress-dir",
            progress.toString()
        };
        CommandRun whole = CommandRun.of(args);
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(progress).as("the journal is deleted once the probe is done").isEmptyDirectory();
        JsonNode runs =
                new ObjectMapper().readTree(whole.out()).get("test_accuracy").get("runs");

        List<String> labels = DirectProbeData.readLabels(dir.resolve("labels/tags.txt"));
        ClassifierProbe probe = ClassifierProbe.of(ProbeGrid.small(), 4);
        String key = probe.progressKey(points("train", labels), points("test", labels));
        try (ProbeJournal stopped = ProbeJournal.open(progress, key)) {
            stopped.finalRunDone(5, 0.125); // the first final run's seed: the probe's seed + 1
        }
        CommandRun resumed = CommandRun.of(args);
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        JsonNode again =
                new ObjectMapper().readTree(resumed.out()).get("test_accuracy").get("runs");
        assertThat(again.get(0).asDouble()).isEqualTo(0.125);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(again.get(i)).isEqualTo(runs.get(i));
        }
        assertThat(progress).isEmptyDirectory();

        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        args[args.length - 1] = notADirectory.toString();
        CommandRun refused = CommandRun.of(args);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("ftprobe probe: --progress-dir " + notADirectory);
    }

    private LabelledPoints points(String split, List<String> labels) {
        List<String> entityLabels = DirectProbeData.readEntityLabels(dir.resolve("entities/" + split + ".txt"), labels);
        double[][] rows =
                DirectProbeData.readEmbeddings(dir.resolve("embeddings/" + split + ".txt"), entityLabels.size());
        return DirectProbeData.points(rows, entityLabels, labels);
    }

    @Test
    void testLabelsTrainLacksAreReportedAndCountAsErrors() throws Exception {
        // train has only A and B; a third of test is C
        List<String> trainLabels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            trainLabels.add(i % 2 == 0 ? "A" : "B");
        }
        writeSet(0, List.of(), 2);
        write("train", trainLabels, new Random(3));
        write("test", cycle(30), new Random(4));
        CommandRun run = CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "small");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("scored as errors: C (10 points)");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("test_accuracy").get("mean").asDouble()).isLessThanOrEqualTo(2.0 / 3 + 1e-9);
        assertThat(json.get("directprobe_accuracy").asDouble()).isLessThanOrEqualTo(2.0 / 3 + 1e-9);
    }

    @Test
    void badInputsGiveAClearMessage() throws Exception {
        writeSet(30, cycle(9), 5);
        assertThat(CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", " ")
                        .err())
                .contains("--probe-grid")
                .contains("empty");
        assertThat(CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "big")
                        .err())
                .contains("unknown probe grid 'big'");

        List<String> test = new ArrayList<>(Files.readAllLines(dir.resolve("embeddings/test.txt")));
        test.set(1, "0.5 NaN 1.0");
        Files.write(dir.resolve("embeddings/test.txt"), test);
        CommandRun nan = CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "small");
        assertThat(nan.exit()).isEqualTo(2);
        assertThat(nan.err()).contains("embeddings/test.txt:2").contains("not finite");

        List<String> oneLabel = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            oneLabel.add("B");
        }
        writeSet(0, List.of(), 6);
        write("train", oneLabel, new Random(7));
        write("test", cycle(6), new Random(8));
        CommandRun one = CommandRun.of("probe", "--data", dir.toString(), "--probe-grid", "small");
        assertThat(one.exit()).isEqualTo(2);
        assertThat(one.err()).contains("train has 1 label (B)");
    }
}
