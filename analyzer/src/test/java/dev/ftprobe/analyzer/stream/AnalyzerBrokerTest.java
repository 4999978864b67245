package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.probe.ProbeGrid;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer against a real (embedded) broker: results for every set and step, restart, replay. */
class AnalyzerBrokerTest {
    static final List<Long> STEPS = List.of(0L, 1L, 2L);
    static final List<String> SPLITS = List.of("train", "test");
    static final List<Integer> LAYERS = List.of(0, 1);
    /** Trials of the lost-state test; {@code -Dftprobe.recovery.trials=N} for the figures in RELIABILITY.md. */
    static final int TRIALS = Integer.getInteger("ftprobe.recovery.trials", 1);

    static EmbeddedKafkaBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        TopicAdmin.createMissing(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The real geometry (DirectProbe and hull distances); 60 points of 3 labels per set keep it quick. */
    static SetAnalysis analysis() {
        return GeometrySetAnalysis.builder().optParallelism(1).build();
    }

    /** Every set of a run: 3 steps x 2 splits x 2 layers, 3 chunks each, one chunk sent twice. */
    static List<SetId> produceRun(String run) {
        return produceRun(run, b -> true);
    }

    /** The chunks of {@link #produceRun(String)} that {@code send} takes, in the same order; every set's id. */
    static List<SetId> produceRun(String run, Predicate<EmbeddingBatch> send) {
        List<SetId> sets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                KafkaConfigs.producer(broker.bootstrapServers(), "test-producer")
                        .toMap(),
                new StringSerializer(),
                new ByteArraySerializer())) {
            long seed = run.hashCode();
            for (long step : STEPS) {
                for (String split : SPLITS) {
                    for (int layer : LAYERS) {
                        int[] labels = new int[60];
                        float[][] pts = TestSets.randomPoints(seed++, 60, 8, 3, labels);
                        List<EmbeddingBatch> chunks = TestSets.chunks(run, step, "pos", split, layer, pts, labels, 3);
                        chunks = new ArrayList<>(chunks);
                        chunks.add(chunks.get(1));
                        for (EmbeddingBatch b : chunks) {
                            if (send.test(b)) {
                                p.send(new ProducerRecord<>(
                                        Topics.EMBEDDINGS.name(), b.recordKey(), TestSets.encode(b)));
                            }
                        }
                        sets.add(SetId.of(chunks.get(0)));
                    }
                }
            }
            p.flush();
        }
        return sets;
    }

    static List<String> stepKeys(String run) {
        List<String> keys = new ArrayList<>();
        for (int layer : LAYERS) {
            for (long step : STEPS) {
                keys.add(new SeriesId(run, "pos", layer).stepKey(step));
            }
        }
        return keys;
    }

    /** Every committed record of a topic, from the beginning to its current end. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                KafkaConfigs.consumer(broker.bootstrapServers(), "test-reader", null)
                        .set("group.id", null)
                        .toMap(),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    static Map<String, List<byte[]>> byKey(List<ConsumerRecord<String, byte[]>> records, String keyPrefix) {
        Map<String, List<byte[]>> m = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key().startsWith(keyPrefix)) {
                m.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            }
        }
        return m;
    }

    Analyzer analyzer(String id, Path state) {
        return analyzer(id, state, analysis());
    }

    Analyzer analyzer(String id, Path state, SetAnalysis analysis) {
        return Analyzer.builder()
                .setBootstrap(broker.bootstrapServers())
                .optAnalysisId(id)
                .optStateDir(state)
                .optSetAnalysis(analysis)
                .optQueryPort("127.0.0.1", 0)
                .build();
    }

    /**
     * A run whose manifest Kafka Streams' global thread reads only after the run's sets are complete (its fetches held
     * back 20 s, as a starved thread's would be): the analyzer reads the manifest from the runs topic itself, so the
     * probe still takes the last layer (1) at the first and last steps, and the dynamics of those steps carry it. With
     * the global store alone no layer would be probed.
     */
    @Test
    @Timeout(180)
    void aManifestTheGlobalThreadReadsLateStillDecidesWhatIsProbed() throws Exception {
        String run = "m-" + UUID.randomUUID().toString().substring(0, 8);
        try (Analyzer a = Analyzer.builder()
                .setBootstrap(broker.bootstrapServers())
                .optAnalysisId("late-manifest")
                .optStateDir(tmp.resolve("late-manifest"))
                .optSetAnalysis(analysis())
                .optProbeGrid(ProbeGrid.small())
                // the global consumer's fetch waits for 10 MB or 20 s: the manifest reaches the store 20 s late
                .optStreamsConfig("global.consumer.fetch.min.bytes", 10_000_000)
                .optStreamsConfig("global.consumer.fetch.max.wait.ms", 20_000)
                .build()
                .start()) {
            // as the trainer and the extractor do: the manifest first, then the run's embeddings
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                    KafkaConfigs.producer(broker.bootstrapServers(), "test-trainer")
                            .toMap(),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(
                                Topics.RUNS.name(),
                                run,
                                EventCodecs.RUN_MANIFEST.encode(
                                        TrackingTopologyTest.manifest(run, STEPS.size() - 1, LAYERS))))
                        .get();
            }
            List<SetId> sets = produceRun(run);
            assertThat(a.awaitSets(sets, Duration.ofSeconds(90))).isTrue();
            assertThat(a.awaitDynamics(stepKeys(run), Duration.ofSeconds(90))).isTrue();
        }
        Map<String, StepDynamics> probed = new TreeMap<>();
        for (List<byte[]> records : byKey(readAll("ftprobe.analysis.late-manifest.dynamics"), run + "/")
                .values()) {
            for (byte[] r : records) {
                StepDynamics d = AnalyzerCodecs.STEP_DYNAMICS.decode(r);
                if (d.probe() != null) {
                    probed.put(d.layer() + "@" + d.step(), d);
                }
            }
        }
        assertThat(probed).containsOnlyKeys("1@0", "1@2");
    }

    @Test
    @Timeout(180)
    void everySetAndStepGetsOneResultAndAReplayGivesIdenticalResults() throws Exception {
        String run = "r-" + UUID.randomUUID().toString().substring(0, 8);
        List<SetId> sets = produceRun(run);
        try (Analyzer a = analyzer("first", tmp.resolve("first")).start()) {
            assertThat(a.awaitSets(sets, Duration.ofSeconds(90))).isTrue();
            assertThat(a.awaitDynamics(stepKeys(run), Duration.ofSeconds(60))).isTrue();

            HttpClient http = HttpClient.newHttpClient();
            URI base = a.queryUri().orElseThrow();
            JsonNode runs = JsonCodec.mapper()
                    .readTree(http.send(
                                    HttpRequest.newBuilder(base.resolve("/runs"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(runs.findValuesAsText("runId")).contains(run);
            HttpResponse<String> dyn = http.send(
                    HttpRequest.newBuilder(base.resolve("/runs/" + run + "/dynamics?task=pos&layer=1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dyn.statusCode()).isEqualTo(200);
            JsonNode steps = JsonCodec.mapper().readTree(dyn.body());
            assertThat(steps).hasSize(3);
            assertThat(steps.get(2).get("step").asLong()).isEqualTo(2);
            assertThat(http.send(
                                    HttpRequest.newBuilder(base.resolve("/runs/nope/dynamics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(404);
        }
        Map<String, List<byte[]>> geometry = byKey(readAll("ftprobe.analysis.first.geometry"), run + "/");
        Map<String, List<byte[]>> dynamics = byKey(readAll("ftprobe.analysis.first.dynamics"), run + "/");
        assertThat(geometry.values()).allSatisfy(v -> assertThat(v).hasSize(1));
        assertThat(geometry.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        sets.stream().map(SetId::key).toList());
        assertThat(dynamics).hasSize(LAYERS.size()); // keyed by series
        assertThat(dynamics.values()).allSatisfy(v -> assertThat(v).hasSize(STEPS.size()));

        // replay: a new analysis id reads the retained topic from the beginning
        try (Analyzer replay = analyzer("again", tmp.resolve("again"))) {
            Map<TopicPartition, Long> end = replay.embeddingsEndOffsets();
            replay.start();
            assertThat(replay.awaitProcessed(end, Duration.ofSeconds(90))).isTrue();
        }
        assertThat(sameBytes(geometry, byKey(readAll("ftprobe.analysis.again.geometry"), run + "/")))
                .isTrue();
        assertThat(sameBytes(
                        sortedByStep(dynamics),
                        sortedByStep(byKey(readAll("ftprobe.analysis.again.dynamics"), run + "/"))))
                .isTrue();
    }

    @Test
    @Timeout(180)
    void earlyStepsAreCommittedWhileALaterStepIsStillBeingAnalysed() throws Exception {
        String run = "p-" + UUID.randomUUID().toString().substring(0, 8);
        List<SetId> sets = produceRun(run);
        long last = STEPS.get(STEPS.size() - 1);
        CountDownLatch release = new CountDownLatch(1);
        int layer = LAYERS.get(0);
        SetAnalysis lastStepWaits = set -> {
            if (set.id().step() == last && set.id().layer() == layer) {
                try {
                    release.await(90, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return analysis().analyse(set);
        };
        // other layers are other series, perhaps on other partitions, whose sets the stream thread
        // takes in turns: only this layer's order is defined
        List<SetId> early = sets.stream()
                .filter(id -> id.step() < last && id.layer() == layer)
                .toList();
        List<String> earlyDynamics = STEPS.stream()
                .filter(s -> s < last)
                .map(s -> new SeriesId(run, "pos", layer).stepKey(s))
                .toList();
        try (Analyzer a =
                analyzer("progress", tmp.resolve("progress"), lastStepWaits).start()) {
            // the layer's last step blocks the stream thread: the earlier steps' geometries must
            // have been analysed first (a series' chunks share a partition, in step order) and
            // committed one by one (keyed by set, any step could come first; with one commit per
            // poll interval, none would be visible yet), and so must their dynamics (through a
            // repartition topic they waited for the blocked thread)
            assertThat(a.awaitSets(early, Duration.ofSeconds(60))).isTrue();
            assertThat(a.awaitDynamics(earlyDynamics, Duration.ofSeconds(60))).isTrue();
            release.countDown();
            assertThat(a.awaitSets(sets, Duration.ofSeconds(60))).isTrue();
            assertThat(a.awaitDynamics(stepKeys(run), Duration.ofSeconds(60))).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    @Timeout(180)
    void anAnalyzerClosedInTheMiddleAndRestartedEndsWithEveryResultOnce() throws Exception {
        String run = "k-" + UUID.randomUUID().toString().substring(0, 8);
        List<SetId> sets = produceRun(run);
        Path state = tmp.resolve("restart");
        SetAnalysis slow = set -> {
            try {
                Thread.sleep(800); // so that most sets are still unanalysed when it closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return analysis().analyse(set);
        };
        // small polls, so that the first sets are committed while later ones still wait
        try (Analyzer a = Analyzer.builder()
                .setBootstrap(broker.bootstrapServers())
                .optAnalysisId("restart")
                .optStateDir(state)
                .optSetAnalysis(slow)
                .optStreamsConfig("main.consumer.max.poll.records", 4)
                .build()
                .start()) {
            assertThat(a.awaitSets(sets.subList(0, 1), Duration.ofSeconds(90))).isTrue();
            a.close(Duration.ofSeconds(10)); // most sets are still to come
        }
        assertThat(byKey(readAll("ftprobe.analysis.restart.geometry"), run + "/")
                        .keySet())
                .hasSizeLessThan(sets.size());
        try (Analyzer a = analyzer("restart", state).start()) {
            assertThat(a.awaitSets(sets, Duration.ofSeconds(90))).isTrue();
            assertThat(a.awaitDynamics(stepKeys(run), Duration.ofSeconds(60))).isTrue();
        }
        Map<String, List<byte[]>> geometry = byKey(readAll("ftprobe.analysis.restart.geometry"), run + "/");
        assertThat(geometry.keySet()).hasSize(sets.size());
        assertThat(geometry.values()).allSatisfy(v -> assertThat(v).hasSize(1));
        Map<String, List<byte[]>> dynamics = byKey(readAll("ftprobe.analysis.restart.dynamics"), run + "/");
        assertThat(dynamics.values()).allSatisfy(v -> assertThat(v).hasSize(STEPS.size()));
    }

    /**
     * Issue 20: the analyzer's state directory deleted between two runs, first while the last step's sets are half
     * assembled (a seeded part of their chunks received, the rest still to come), then once more with everything done.
     * Each restart rebuilds the stores from their changelogs: the half-assembled sets complete (their early chunks are
     * never sent again), the last step's dynamics find the earlier steps' geometry, nothing is analysed twice, and the
     * results are an uninterrupted analysis's, byte for byte.
     */
    @Test
    @Timeout(300)
    void anAnalyzerWhoseStateDirectoryIsDeletedRebuildsItFromItsChangelogsAndGivesTheSameResults() throws Exception {
        long last = STEPS.get(STEPS.size() - 1);
        for (int trial = 0; trial < TRIALS; trial++) {
            String run = "lost-" + trial;
            String id = "lost-" + trial;
            // scrambled: the first draws of Randoms seeded 0, 1, 2... are nearly equal
            Random rnd = new Random(new SplittableRandom(30_000 + trial).nextLong());
            // the last step's chunks sent before the state is lost: each set's first, never its last, the others
            // by lot (the duplicate of a chunk goes with it)
            Map<String, Boolean> early = new HashMap<>();
            Predicate<EmbeddingBatch> before = b -> b.step() < last
                    || early.computeIfAbsent(
                            SetId.of(b).key() + "#" + b.chunkIndex(),
                            k -> b.chunkIndex() == 0 || (b.chunkIndex() < b.chunkCount() - 1 && rnd.nextBoolean()));
            List<SetId> sets = produceRun(run, before);
            Path state = tmp.resolve(id);
            try (Analyzer a = analyzer(id, state)) {
                Map<TopicPartition, Long> end = a.embeddingsEndOffsets();
                a.start();
                assertThat(a.awaitProcessed(end, Duration.ofSeconds(90))).isTrue();
            }
            String geometryTopic = "ftprobe.analysis." + id + ".geometry";
            String dynamicsTopic = "ftprobe.analysis." + id + ".dynamics";
            assertThat(byKey(readAll(geometryTopic), run + "/").keySet())
                    .containsExactlyInAnyOrderElementsOf(sets.stream()
                            .filter(s -> s.step() < last)
                            .map(SetId::key)
                            .toList());
            deleteRecursively(state);
            produceRun(run, before.negate());
            try (Analyzer a = analyzer(id, state).start()) {
                assertThat(a.awaitSets(sets, Duration.ofSeconds(90))).isTrue();
                assertThat(a.awaitDynamics(stepKeys(run), Duration.ofSeconds(60)))
                        .isTrue();
            }
            assertThat(state).isDirectory();
            // lost again with nothing left to do: the restart rebuilds the stores and adds nothing
            deleteRecursively(state);
            try (Analyzer a = analyzer(id, state)) {
                Map<TopicPartition, Long> end = a.embeddingsEndOffsets();
                a.start();
                assertThat(a.awaitProcessed(end, Duration.ofSeconds(90))).isTrue();
            }

            // the uninterrupted analysis of the same records
            String whole = "whole-" + trial;
            try (Analyzer a = analyzer(whole, tmp.resolve(whole))) {
                Map<TopicPartition, Long> end = a.embeddingsEndOffsets();
                a.start();
                assertThat(a.awaitProcessed(end, Duration.ofSeconds(90))).isTrue();
            }
            Map<String, List<byte[]>> geometry = byKey(readAll(geometryTopic), run + "/");
            Map<String, List<byte[]>> dynamics = byKey(readAll(dynamicsTopic), run + "/");
            assertThat(geometry.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            sets.stream().map(SetId::key).toList());
            assertThat(geometry.values()).allSatisfy(v -> assertThat(v).hasSize(1));
            assertThat(dynamics.values()).allSatisfy(v -> assertThat(v).hasSize(STEPS.size()));
            assertThat(sameBytes(geometry, byKey(readAll("ftprobe.analysis." + whole + ".geometry"), run + "/")))
                    .as("trial %d: geometry as the uninterrupted analysis's", trial)
                    .isTrue();
            assertThat(sameBytes(
                            sortedByStep(dynamics),
                            sortedByStep(byKey(readAll("ftprobe.analysis." + whole + ".dynamics"), run + "/"))))
                    .as("trial %d: dynamics as the uninterrupted analysis's", trial)
                    .isTrue();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        assertThat(dir).doesNotExist();
    }

    /** Dynamics of one series arrive in step order only per partition run; compare them as sets of bytes. */
    private static Map<String, List<byte[]>> sortedByStep(Map<String, List<byte[]>> m) {
        Map<String, List<byte[]>> out = new TreeMap<>();
        m.forEach((k, v) -> {
            List<byte[]> copy = new ArrayList<>(v);
            copy.sort(Arrays::compare);
            out.put(k, copy);
        });
        return out;
    }

    private static boolean sameBytes(Map<String, List<byte[]>> a, Map<String, List<byte[]>> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        Map<String, Boolean> same = new HashMap<>();
        a.forEach((k, v) -> {
            List<byte[]> w = b.get(k);
            boolean eq = v.size() == w.size();
            for (int i = 0; eq && i < v.size(); i++) {
                eq = Arrays.equals(v.get(i), w.get(i));
            }
            same.put(k, eq);
        });
        return !same.containsValue(false);
    }
}
