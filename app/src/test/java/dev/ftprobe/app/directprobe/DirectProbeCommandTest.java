package dev.ftprobe.app.directprobe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DirectProbeCommandTest {
    @TempDir
    Path tmp;

    private static Path fixture() throws URISyntaxException {
        return Path.of(DirectProbeCommandTest.class
                        .getResource("/directprobe-small/labels/tags.txt")
                        .toURI())
                .getParent()
                .getParent();
    }

    @Test
    void writesTheOriginalsOutputsForThreeSquares() throws Exception {
        Path out = tmp.resolve("out");
        int rc = new CommandLine(new DirectProbeCommand())
                .execute("--data", fixture().toString(), "--out", out.toString());
        assertThat(rc).isZero();
        List<String> clusters = Files.readAllLines(out.resolve("clusters.txt"));
        assertThat(clusters).hasSize(18);
        // lines cycle A, B, C: three clusters, one per label
        assertThat(clusters.subList(0, 3)).doesNotHaveDuplicates();
        assertThat(clusters.subList(3, 6)).isEqualTo(clusters.subList(0, 3));
        List<String> vec = Files.readAllLines(out.resolve("vec.txt"));
        assertThat(vec).hasSize(3);
        // unit squares at x = 0..1 and x = 5..6: the hulls are 4 apart; A and C likewise
        assertThat(vec.get(0)).startsWith("A---B,");
        assertThat(Double.parseDouble(vec.get(0).split(",")[1]))
                .isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-2));
        assertThat(vec.get(1)).startsWith("A---C,");
        assertThat(vec.get(2)).startsWith("B---C,");
        assertThat(Files.readAllLines(out.resolve("inside_max.txt")).get(0)).isEqualTo("A,1.414214");
        assertThat(Files.readAllLines(out.resolve("outside_min.txt"))).hasSize(3);
        assertThat(Files.readAllLines(out.resolve("inside_mean.txt"))).hasSize(3);
        assertThat(Files.readString(out.resolve("log.txt"))).contains("linear");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("clusters").asInt()).isEqualTo(3);
        assertThat(summary.get("labels").asInt()).isEqualTo(3);
        assertThat(summary.get("linear").asBoolean()).isTrue();
        assertThat(summary.get("minimumDistances").get("A").asDouble())
                .isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-2));
        assertThat(summary.get("timingsMillis").has("total")).isTrue();
        assertThat(summary.get("hullDistance").asText()).isEqualTo("exact");
        assertThat(Double.parseDouble(vec.get(0).split(",")[1]))
                .isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void theOriginalsLibsvmDistancesOnRequest() throws Exception {
        Path out = tmp.resolve("libsvm");
        int rc = new CommandLine(new DirectProbeCommand())
                .execute("--data", fixture().toString(), "--out", out.toString(), "--hull-distance", "libsvm");
        assertThat(rc).isZero();
        List<String> vec = Files.readAllLines(out.resolve("vec.txt"));
        assertThat(Double.parseDouble(vec.get(0).split(",")[1]))
                .isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-2));
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("hullDistance").asText()).isEqualTo("libsvm");
        assertThat(runForError("--data", fixture().toString(), "--out", out.toString(), "--hull-distance", "svm"))
                .contains("--hull-distance");
    }

    @Test
    void aBadEmbeddingsLineIsReportedWithFileAndLine() throws Exception {
        Path bad = tmp.resolve("bad.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(fixture().resolve("embeddings/train.txt")));
        lines.set(2, "0 zero");
        Files.write(bad, lines);
        String err = runForError(
                "--data",
                fixture().toString(),
                "--embeddings",
                bad.toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(err).contains(bad + ":3: value 2 is not a number: 'zero'");
    }

    @Test
    void ofSeveralBadLinesTheFirstInTheFileIsReported() throws Exception {
        Path bad = tmp.resolve("bad2.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(fixture().resolve("embeddings/train.txt")));
        lines.set(lines.size() - 1, "0");
        lines.set(3, "0 Infinity");
        String err = runForError(
                "--data",
                fixture().toString(),
                "--embeddings",
                write(bad, lines),
                "--out",
                tmp.resolve("o").toString());
        assertThat(err).contains(bad + ":4: value 2 is not finite: 'Infinity'");
        lines.remove(3);
        assertThat(runForError(
                        "--data",
                        fixture().toString(),
                        "--embeddings",
                        write(bad, lines),
                        "--out",
                        tmp.resolve("o").toString()))
                .contains(bad + ":" + lines.size() + ": found " + lines.size() + " vectors, expected");
    }

    private static String write(Path file, List<String> lines) throws Exception {
        Files.write(file, lines);
        return file.toString();
    }

    @Test
    void anUnknownLabelIsReportedWithFileAndLine() throws Exception {
        Path data = tmp.resolve("data");
        for (String f : List.of("labels/tags.txt", "entities/train.txt", "embeddings/train.txt")) {
            Files.createDirectories(data.resolve(f).getParent());
            Files.copy(fixture().resolve(f), data.resolve(f));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("entities/train.txt")));
        lines.set(4, "word4\tZ");
        Files.write(data.resolve("entities/train.txt"), lines);
        String err =
                runForError("--data", data.toString(), "--out", tmp.resolve("o").toString());
        assertThat(err).contains(data.resolve("entities/train.txt") + ":5: label 'Z' is not in the label set");
    }

    private static String runForError(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new DirectProbeCommand()).execute(args)).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
