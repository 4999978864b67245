package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTopologyTest {
    @TempDir
    Path tmp;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    private final class Harness {
        final TopologyTestDriver driver;
        final TestInputTopic<byte[], byte[]> in;
        final TestOutputTopic<String, SetGeometry> geometry;
        final TestOutputTopic<String, StepDynamics> dynamics;
        final TestOutputTopic<String, DeadLetter> deadLetters;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Harness(SetAnalysis analysis) throws Exception {
            AnalyzerSettings settings = AnalyzerSettings.builder()
                    .optAnalysisId("t")
                    .setSetAnalysis(analysis)
                    .optMetrics(new AnalyzerMetrics(registry, "t"))
                    .build();
            driver = TestSets.driver(settings, Files.createTempDirectory(tmp, "state"));
            drivers.add(driver);
            in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            geometry = driver.createOutputTopic(
                    settings.geometryTopic(),
                    new StringDeserializer(),
                    AnalyzerCodecs.setGeometrySerde().deserializer());
            dynamics = driver.createOutputTopic(
                    settings.dynamicsTopic(),
                    new StringDeserializer(),
                    AnalyzerCodecs.stepDynamicsSerde().deserializer());
            deadLetters = driver.createOutputTopic(
                    Topics.DEAD_LETTERS.name(),
                    new StringDeserializer(),
                    EventCodecs.deadLetterSerde().deserializer());
        }

        void pipe(EmbeddingBatch b) {
            in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
        }

        long storeSize(String name) {
            KeyValueStore<String, Object> s = driver.getKeyValueStore(name);
            long n = 0;
            try (KeyValueIterator<String, Object> it = s.all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        }
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private static List<EmbeddingBatch> set(long seed, long step, String split, int chunks) {
        int[] labels = new int[40];
        float[][] pts = TestSets.randomPoints(seed, 40, 3, 4, labels);
        return TestSets.chunks("run1", step, "pos", split, 2, pts, labels, chunks);
    }

    @Test
    void assemblyGivesTheSameResultUnderDuplicatesAndAnyOrder() throws Exception {
        List<EmbeddingBatch> a = set(1, 0, "train", 5);
        List<EmbeddingBatch> b = set(2, 0, "test", 3);

        Harness inOrder = new Harness(new TestSets.CentroidGeometry());
        a.forEach(inOrder::pipe);
        b.forEach(inOrder::pipe);
        Map<String, SetGeometry> expected = inOrder.geometry.readKeyValuesToMap();
        assertThat(expected).containsOnlyKeys(a.get(0).setKey(), b.get(0).setKey());

        Harness shuffled = new Harness(new TestSets.CentroidGeometry());
        List<EmbeddingBatch> mixed = new ArrayList<>();
        mixed.addAll(a);
        mixed.addAll(b);
        mixed.addAll(a.subList(1, 3)); // duplicates before completion
        mixed.add(b.get(0));
        Collections.shuffle(mixed, new Random(7));
        // the first arrival of each set's last chunk completes it; make sure both complete only at the end
        mixed.forEach(shuffled::pipe);
        List<KeyValue<String, SetGeometry>> got = shuffled.geometry.readKeyValuesToList();
        assertThat(got).hasSize(2);
        for (KeyValue<String, SetGeometry> kv : got) {
            assertThat(AnalyzerCodecs.SET_GEOMETRY.encode(kv.value))
                    .isEqualTo(AnalyzerCodecs.SET_GEOMETRY.encode(expected.get(kv.key)));
        }
        // chunks and progress freed; done sets remembered
        assertThat(shuffled.storeSize(AnalyzerTopology.CHUNKS_STORE)).isZero();
        assertThat(shuffled.storeSize(AnalyzerTopology.PROGRESS_STORE)).isZero();
        assertThat(shuffled.storeSize(AnalyzerTopology.DONE_STORE)).isEqualTo(2);

        // late duplicates of complete sets are dropped: no second analysis
        a.forEach(shuffled::pipe);
        shuffled.pipe(b.get(2));
        assertThat(shuffled.geometry.isEmpty()).isTrue();
        assertThat(shuffled.storeSize(AnalyzerTopology.CHUNKS_STORE)).isZero();
        assertThat(shuffled.registry
                        .get(AnalyzerMetrics.DUPLICATE_CHUNKS)
                        .counter()
                        .count())
                .isEqualTo(2 + 1 + 5 + 1);
        assertThat(shuffled.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSetThatOverranTheMaxSetTimeIsDeadLetteredWhenItComesAgainAndTheOthersGoOn() throws Exception {
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .optAnalysisId("t")
                .setSetAnalysis(new TestSets.CentroidGeometry())
                .optMaxSetTime(Duration.ofMinutes(20))
                .build();
        List<EmbeddingBatch> a = set(5, 0, "train", 2);
        List<EmbeddingBatch> b = set(6, 0, "test", 2);
        // as after an eviction: this process analysed set a before, for longer than the max set time
        SetOverruns overruns = new SetOverruns(settings.maxSetTime());
        assertThat(overruns.record(a.get(0).setKey(), Duration.ofMinutes(19))).isFalse();
        assertThat(overruns.refusal(a.get(0).setKey())).isNull();
        assertThat(overruns.record(a.get(0).setKey(), Duration.ofMinutes(47))).isTrue();
        TopologyTestDriver driver = TestSets.driver(settings, Files.createTempDirectory(tmp, "state"), overruns);
        drivers.add(driver);
        assertThat(Analyzer.builder()
                        .setBootstrap("unused:9092")
                        .optSetAnalysis(settings.setAnalysis())
                        .optMaxSetTime(Duration.ofMinutes(20))
                        .build()
                        .streamsProperties()
                        .getProperty("consumer.max.poll.interval.ms"))
                .isEqualTo("1200000");
        TestInputTopic<byte[], byte[]> in =
                driver.createInputTopic(Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        for (EmbeddingBatch batch : List.of(a.get(0), a.get(1), b.get(0), b.get(1))) {
            in.pipeInput(batch.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(batch));
        }
        Map<String, SetGeometry> geometry = driver.createOutputTopic(
                        settings.geometryTopic(),
                        new StringDeserializer(),
                        AnalyzerCodecs.setGeometrySerde().deserializer())
                .readKeyValuesToMap();
        assertThat(geometry).containsOnlyKeys(b.get(0).setKey());
        List<DeadLetter> dead = driver.createOutputTopic(
                        Topics.DEAD_LETTERS.name(),
                        new StringDeserializer(),
                        EventCodecs.deadLetterSerde().deserializer())
                .readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason())
                .contains(a.get(0).setKey(), "took 2820 s", "max set time of 1200 s", "--max-set-minutes");
    }

    @Test
    void aSetIsNotAnalysedBeforeItsLastChunk() throws Exception {
        Harness h = new Harness(new TestSets.CentroidGeometry());
        List<EmbeddingBatch> a = set(3, 0, "train", 4);
        for (int i = 3; i >= 1; i--) {
            h.pipe(a.get(i));
            assertThat(h.geometry.isEmpty()).isTrue();
        }
        assertThat(h.storeSize(AnalyzerTopology.CHUNKS_STORE)).isEqualTo(3);
        h.pipe(a.get(0));
        SetGeometry g = h.geometry.readValue();
        assertThat(g.points()).isEqualTo(40);
        assertThat(g.setKey()).isEqualTo(a.get(0).setKey());
    }

    @Test
    void corruptRecordsAreDeadLetteredAndTheApplicationGoesOn() throws Exception {
        Harness h = new Harness(new TestSets.CentroidGeometry());
        List<EmbeddingBatch> a = set(4, 0, "train", 2);
        byte[] corrupt = TestSets.encode(a.get(0));
        corrupt[corrupt.length - 10] ^= 0x55; // flips bits in the vectors: checksum mismatch
        h.in.pipeInput("run1/0/pos/train/2".getBytes(StandardCharsets.UTF_8), corrupt);
        h.in.pipeInput("junk".getBytes(StandardCharsets.UTF_8), "not a batch".getBytes(StandardCharsets.UTF_8));
        // a valid chunk under a key that is neither its series nor its run id (here: its set key, as
        // chunks were keyed by the first extractors)
        h.in.pipeInput(a.get(1).setKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(a.get(1)));
        // a chunk whose chunkCount disagrees with its set's earlier chunks
        h.pipe(a.get(0));
        EmbeddingBatch c = a.get(1);
        h.pipe(new EmbeddingBatch(
                c.runId(),
                c.step(),
                c.probeTask(),
                c.split(),
                c.layer(),
                1,
                3,
                c.dim(),
                c.exampleIds(),
                c.labelIds(),
                c.vectors()));

        List<KeyValue<String, DeadLetter>> dl = h.deadLetters.readKeyValuesToList();
        assertThat(dl).hasSize(4);
        assertThat(dl).allSatisfy(kv -> {
            assertThat(kv.key).isEqualTo(Topics.EMBEDDINGS.name());
            assertThat(kv.value.service()).isEqualTo("analyzer");
        });
        assertThat(dl.get(0).value.reason()).contains("checksum");
        assertThat(dl.get(0).value.payload()).isEqualTo(corrupt);
        assertThat(dl.get(1).value.reason()).contains("magic");
        assertThat(dl.get(1).value.offset()).isEqualTo(1);
        assertThat(dl.get(2).value.reason())
                .contains("is neither the chunk's series")
                .contains("extract the run again");
        assertThat(dl.get(3).value.reason()).contains("chunkCount 3 disagrees with 2");

        // and it keeps going: the set completes with its right chunk
        h.pipe(a.get(1));
        assertThat(h.geometry.readKeyValuesToList()).hasSize(1);
        assertThat(h.registry.get(AnalyzerMetrics.DEAD_LETTERS).counter().count())
                .isEqualTo(4);
    }

    @Test
    void anInvalidSetIsDeadLetteredOnce() throws Exception {
        Harness h = new Harness(new TestSets.CentroidGeometry());
        List<EmbeddingBatch> a = set(5, 0, "train", 2);
        EmbeddingBatch c = a.get(1);
        float[] v = c.vectors().clone();
        v[4] = Float.NaN;
        h.pipe(a.get(0));
        h.pipe(new EmbeddingBatch(
                c.runId(),
                c.step(),
                c.probeTask(),
                c.split(),
                c.layer(),
                1,
                2,
                c.dim(),
                c.exampleIds(),
                c.labelIds(),
                v));
        DeadLetter d = h.deadLetters.readValue();
        assertThat(d.reason()).contains("invalid set", "run1/0/pos/train/2", "NaN");
        assertThat(h.geometry.isEmpty()).isTrue();
        assertThat(h.storeSize(AnalyzerTopology.CHUNKS_STORE)).isZero();
        h.pipe(a.get(1));
        assertThat(h.deadLetters.isEmpty()).isTrue();
        assertThat(h.geometry.isEmpty()).isTrue();
    }

    @Test
    void otherLayersAreSkipped() throws Exception {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .setSetAnalysis(new TestSets.CentroidGeometry())
                .optLayers(List.of(1))
                .optMetrics(new AnalyzerMetrics(r, "default"))
                .build();
        assertThat(settings.analyses(1)).isTrue();
        assertThat(settings.analyses(2)).isFalse();
        assertThat(settings.applicationId()).isEqualTo("ftprobe-analyzer-default");
        assertThat(settings.geometryTopic()).isEqualTo("ftprobe.analysis.default.geometry");
        try (TopologyTestDriver d = TestSets.driver(settings, tmp.resolve("layers"))) {
            TestInputTopic<byte[], byte[]> in =
                    d.createInputTopic(Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            for (EmbeddingBatch b : set(6, 0, "train", 1)) { // layer 2
                in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
            }
            assertThat(d.createOutputTopic(
                                    settings.geometryTopic(),
                                    Serdes.String().deserializer(),
                                    Serdes.ByteArray().deserializer())
                            .isEmpty())
                    .isTrue();
        }
    }
}
