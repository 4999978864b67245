package dev.ftprobe.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.GeometryAnalysis;
import dev.ftprobe.geometry.GeometryRun;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.LabelledPoints;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ExportCommandTest {
    /** Task order, not name order, and one label (X) without points: the export must keep names and ids apart. */
    static final List<String> NAMES = List.of("VERB", "NOUN", "X", "ADJ");

    static final int DIM = 3;
    static EmbeddedKafkaBroker broker;
    static String bootstrap;
    static Points train;
    static Points test;

    @TempDir
    Path tmp;

    /** One split's original points, as the extractor cut them into chunks. */
    record Points(int[] exampleIds, int[] labelIds, float[] vectors) {}

    @BeforeAll
    static void publish() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        bootstrap = broker.bootstrapServers();
        TopicAdmin.createMissing(bootstrap);
        Random r = new Random(11);
        train = points(r, 50);
        test = points(r, 21);
        Points other = points(r, 30);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                KafkaConfigs.producer(bootstrap, "t").toMap(), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.RUNS.name(), "ex", EventCodecs.RUN_MANIFEST.encode(manifest())));
            // chunks out of order, one of them twice (an extraction repeated after a crash)
            List<EmbeddingBatch> chunks = new ArrayList<>();
            chunks.addAll(chunks(0, "train", 1, train, 3));
            chunks.addAll(chunks(0, "test", 1, test, 2));
            chunks.add(chunks.get(1));
            chunks.add(0, chunks.remove(2));
            chunks.addAll(chunks(0, "train", 2, other, 1));
            // step 5's train set misses its middle chunk
            List<EmbeddingBatch> partial = chunks(5, "train", 1, other, 3);
            partial.remove(1);
            chunks.addAll(partial);
            for (EmbeddingBatch b : chunks) {
                p.send(new ProducerRecord<>(
                        Topics.EMBEDDINGS.name(), b.recordKey(), EventCodecs.EMBEDDING_BATCH.encode(b)));
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** Labels 0, 1 and 3 (X has none); VERB in two blobs, so that it needs two clusters. */
    static Points points(Random r, int n) {
        int[] ex = new int[n];
        int[] lab = new int[n];
        float[] v = new float[n * DIM];
        int[] present = {0, 1, 3};
        for (int i = 0; i < n; i++) {
            ex[i] = 100 + i;
            lab[i] = present[i % 3];
            double[] c = lab[i] == 0
                    ? (i % 2 == 0 ? new double[] {0, 0, 0} : new double[] {6, 6, 0})
                    : lab[i] == 1 ? new double[] {3, 3, 0} : new double[] {0, 6, 4};
            for (int k = 0; k < DIM; k++) {
                v[i * DIM + k] = (float) (c[k] + r.nextGaussian() * 0.4);
            }
        }
        return new Points(ex, lab, v);
    }

    static List<EmbeddingBatch> chunks(long step, String split, int layer, Points pts, int count) {
        int n = pts.exampleIds().length;
        List<EmbeddingBatch> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int from = c * n / count;
            int to = (c + 1) * n / count;
            out.add(new EmbeddingBatch(
                    "ex",
                    step,
                    "pos",
                    split,
                    layer,
                    c,
                    count,
                    DIM,
                    Arrays.copyOfRange(pts.exampleIds(), from, to),
                    Arrays.copyOfRange(pts.labelIds(), from, to),
                    Arrays.copyOfRange(pts.vectors(), from * DIM, to * DIM),
                    NAMES));
        }
        return out;
    }

    static RunManifest manifest() {
        TrainingSettings training = new TrainingSettings(
                10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", "model");
        return new RunManifest(
                "ex",
                "random:tiny",
                "pos",
                List.of("pos"),
                training,
                new TaskSettings(0.8, 42, List.of("P")),
                42L,
                "ab".repeat(32),
                List.of(1, 2),
                Map.of("train", 50, "test", 21),
                "0.1.0",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private CommandRun export(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "export",
                "--bootstrap",
                bootstrap,
                "--run",
                "ex",
                "--step",
                "0",
                "--layer",
                "1",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void theDirectProbeLayoutGivesDirectProbeTheOriginalPoints() throws Exception {
        Path dir = tmp.resolve("dp");
        CommandRun run = export(dir);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("train: 50 vectors of dimension 3", "test: 21 vectors of dimension 3");
        assertThat(Files.readAllLines(dir.resolve("labels/tags.txt"))).isEqualTo(NAMES);
        for (var e : Map.of("train", train, "test", test).entrySet()) {
            Points p = e.getValue();
            List<String> entities = Files.readAllLines(dir.resolve("entities/" + e.getKey() + ".txt"));
            List<String> vectors = Files.readAllLines(dir.resolve("embeddings/" + e.getKey() + ".txt"));
            assertThat(entities).hasSize(p.exampleIds().length);
            assertThat(vectors).hasSize(p.exampleIds().length);
            for (int i = 0; i < entities.size(); i++) {
                assertThat(entities.get(i)).isEqualTo(p.exampleIds()[i] + "\t" + NAMES.get(p.labelIds()[i]));
                String[] parts = vectors.get(i).split(" ");
                assertThat(parts).hasSize(DIM);
                for (int k = 0; k < DIM; k++) {
                    float f = p.vectors()[i * DIM + k];
                    assertThat(Float.parseFloat(parts[k])).isEqualTo(f);
                    assertThat(Double.parseDouble(parts[k])).isEqualTo((double) f);
                }
            }
        }

        Path results = tmp.resolve("results");
        CommandRun dp = CommandRun.of("directprobe", "--data", dir.toString(), "--out", results.toString());
        assertThat(dp.exit()).as(dp.err()).isZero();
        GeometryRun original = directProbeOnTheOriginal(train);
        int[] clusters = Files.readAllLines(results.resolve("clusters.txt")).stream()
                .mapToInt(Integer::parseInt)
                .toArray();
        assertThat(clusters).isEqualTo(original.clusters().clusterOfPoint());
        assertThat(original.result().clusters()).isEqualTo(4);
        JsonNode summary =
                new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(summary.get("clusters").asInt()).isEqualTo(4);
        assertThat(summary.get("labels").asInt()).isEqualTo(3);
        for (LabelGeometry l : original.result().labels()) {
            assertThat(summary.get("minimumDistances").get(l.name()).asDouble())
                    .isCloseTo(l.minDistance(), within(1e-12));
        }
    }

    /** DirectProbe on the points as the analyzer makes them: the floats widened, the present labels only. */
    private static GeometryRun directProbeOnTheOriginal(Points p) {
        double[] data = new double[p.vectors().length];
        for (int i = 0; i < data.length; i++) {
            data[i] = p.vectors()[i];
        }
        List<Integer> present = List.of(0, 1, 3);
        int[] dense = Arrays.stream(p.labelIds()).map(present::indexOf).toArray();
        List<String> names = present.stream().map(NAMES::get).toList();
        return GeometryAnalysis.builder().build().analyze(LabelledPoints.of(data, DIM, dense, names));
    }

    @Test
    void theNpyFilesHoldTheExactFloatsAndIds() throws Exception {
        Path dir = tmp.resolve("npy");
        CommandRun run = export(dir, "--format", "npy", "--split", "test");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("labels.txt"))).isEqualTo(NAMES);
        assertThat(dir.resolve("train.npy")).doesNotExist();
        Npy vectors = Npy.read(dir.resolve("test.npy"));
        assertThat(vectors.descr()).isEqualTo("<f4");
        assertThat(vectors.shape()).isEqualTo("(21, 3)");
        float[] floats = new float[21 * DIM];
        vectors.data().asFloatBuffer().get(floats);
        assertThat(vectors.data().remaining()).isEqualTo(4 * floats.length);
        assertThat(floats).isEqualTo(test.vectors());
        Npy labels = Npy.read(dir.resolve("test.labels.npy"));
        assertThat(labels.descr()).isEqualTo("<i4");
        assertThat(labels.shape()).isEqualTo("(21,)");
        assertThat(labels.ints()).isEqualTo(test.labelIds());
        Npy ids = Npy.read(dir.resolve("test.example_ids.npy"));
        assertThat(ids.ints()).isEqualTo(test.exampleIds());
    }

    /** A NumPy file parsed by hand: magic, version 1.0, the header dict, then the data. */
    record Npy(String descr, String shape, ByteBuffer data) {
        private static final Pattern HEADER =
                Pattern.compile("\\{'descr': '([^']+)', 'fortran_order': False, 'shape': (\\([0-9, ]*\\)), \\} *\n");

        static Npy read(Path file) throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Arrays.copyOf(bytes, 6)).isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
            assertThat(bytes[6]).isEqualTo((byte) 1);
            assertThat(bytes[7]).isEqualTo((byte) 0);
            int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertThat((10 + len) % 64).isZero();
            String header = new String(bytes, 10, len, StandardCharsets.US_ASCII);
            Matcher m = HEADER.matcher(header);
            assertThat(m.matches()).as(header).isTrue();
            ByteBuffer data = ByteBuffer.wrap(bytes, 10 + len, bytes.length - 10 - len)
                    .slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            return new Npy(m.group(1), m.group(2), data);
        }

        int[] ints() {
            int[] out = new int[data.remaining() / 4];
            data.asIntBuffer().get(out);
            return out;
        }
    }

    @Test
    void whatIsMissingIsNamedWithExitCode2() {
        CommandRun step = CommandRun.of(
                "export",
                "--bootstrap",
                bootstrap,
                "--run",
                "ex",
                "--step",
                "7",
                "--layer",
                "1",
                "--out",
                tmp.resolve("s").toString());
        assertThat(step.exit()).isEqualTo(2);
        assertThat(step.err()).contains("run ex has no embeddings at step 7", "steps present: [0, 5]");
        assertThat(tmp.resolve("s")).doesNotExist();

        CommandRun layer = CommandRun.of(
                "export",
                "--bootstrap",
                bootstrap,
                "--run",
                "ex",
                "--step",
                "0",
                "--layer",
                "4",
                "--out",
                tmp.resolve("l").toString());
        assertThat(layer.exit()).isEqualTo(2);
        assertThat(layer.err()).contains("no embeddings of layer 4", "layers present: [1, 2]");

        CommandRun split = export(tmp.resolve("x"), "--split", "dev");
        assertThat(split.exit()).isEqualTo(2);
        assertThat(split.err()).contains("no split dev at step 0", "splits present: [test, train]");

        CommandRun incomplete = CommandRun.of(
                "export",
                "--bootstrap",
                bootstrap,
                "--run",
                "ex",
                "--step",
                "5",
                "--layer",
                "1",
                "--split",
                "train",
                "--out",
                tmp.resolve("i").toString());
        assertThat(incomplete.exit()).isEqualTo(2);
        assertThat(incomplete.err())
                .contains("set ex/5/pos/train/1 is incomplete: 20 of 50 vectors, 2 of 3 chunks (missing chunks [1])");

        CommandRun noRun = CommandRun.of(
                "export",
                "--bootstrap",
                bootstrap,
                "--run",
                "nope",
                "--step",
                "0",
                "--layer",
                "1",
                "--out",
                tmp.resolve("n").toString());
        assertThat(noRun.exit()).isEqualTo(2);
        assertThat(noRun.err()).contains("no such run: nope");
    }
}
