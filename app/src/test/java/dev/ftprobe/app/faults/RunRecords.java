package dev.ftprobe.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a run left in its topics, as a read_committed consumer sees it: the analysis's geometry and dynamics records by
 * key (their bytes), the checkpoint events by step, the embedding chunks by set and chunk, and the dead letters. Two
 * runs of one configuration, one interrupted and resumed, must leave the same results, each exactly once.
 */
record RunRecords(
        SortedMap<String, List<String>> geometry,
        SortedMap<String, List<String>> dynamics,
        SortedMap<Long, List<String>> checkpointSha256,
        SortedMap<String, Integer> embeddingChunks,
        int deadLetters) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Reads the topics of a broker that is running. */
    static RunRecords read(String bootstrap) {
        // a geometry record's key names its set; a dynamics record's names its series, whose steps it holds in turn
        SortedMap<String, List<String>> geometry = raw(bootstrap, Topics.AnalysisOutput.GEOMETRY, v -> "");
        SortedMap<String, List<String>> dynamics = raw(
                bootstrap,
                Topics.AnalysisOutput.DYNAMICS,
                v -> " step " + AnalyzerCodecs.STEP_DYNAMICS.decode(v).step());
        SortedMap<Long, List<String>> checkpoints = new TreeMap<>();
        RunLog.readToEnd(bootstrap, Topics.CHECKPOINTS, TIMEOUT, r -> {
            CheckpointEvent e = r.value();
            checkpoints.computeIfAbsent(e.step(), s -> new ArrayList<>()).add(e.sha256());
        });
        SortedMap<String, Integer> chunks = new TreeMap<>();
        RunLog.readToEnd(bootstrap, Topics.EMBEDDINGS, TIMEOUT, r -> {
            EmbeddingBatch b = r.value();
            String key = String.format(
                    "%s step %d %s %s layer %d chunk %d/%d",
                    b.runId(), b.step(), b.probeTask(), b.split(), b.layer(), b.chunkIndex(), b.chunkCount());
            chunks.merge(key, 1, Integer::sum);
        });
        int[] deadLetters = {0};
        RunLog.readToEnd(bootstrap, Topics.DEAD_LETTERS, TIMEOUT, r -> deadLetters[0]++);
        return new RunRecords(geometry, dynamics, checkpoints, chunks, deadLetters[0]);
    }

    /** Reads what {@code ftprobe run} left in its embedded broker's directory ({@code OUT/kafka}). */
    static RunRecords readDataDir(Path kafkaDir) {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().optDataDir(kafkaDir).build().start()) {
            return read(broker.bootstrapServers());
        }
    }

    /** The default analysis's records of one kind, by their key and what {@code within} says of the value. */
    private static SortedMap<String, List<String>> raw(
            String bootstrap, Topics.AnalysisOutput kind, Function<byte[], String> within) {
        SortedMap<String, List<String>> out = new TreeMap<>();
        RunLog.readToEnd(
                bootstrap,
                Topics.analysisTopicName(Topics.DEFAULT_ANALYSIS_ID, kind),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                TIMEOUT,
                r -> out.computeIfAbsent(latin1(r.key()) + within.apply(r.value()), k -> new ArrayList<>())
                        .add(latin1(r.value())));
        return out;
    }

    /** Bytes as a string, one char per byte: equal strings are equal bytes, and a difference prints readably. */
    private static String latin1(byte[] bytes) {
        return bytes == null ? "<null>" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Every result, checkpoint and chunk is there exactly once, and every set's chunks are all there: nothing lost,
     * nothing duplicated.
     */
    void assertEachOnce() {
        assertThat(geometry).as("geometry records").isNotEmpty();
        assertThat(dynamics).as("dynamics records").isNotEmpty();
        geometry.forEach((k, v) -> assertThat(v).as("geometry records of " + k).hasSize(1));
        dynamics.forEach((k, v) -> assertThat(v).as("dynamics records of " + k).hasSize(1));
        checkpointSha256.forEach((step, v) ->
                assertThat(v).as("checkpoint events of step " + step).hasSize(1));
        embeddingChunks.forEach(
                (k, n) -> assertThat(n).as("copies of chunk " + k).isEqualTo(1));
        assertThat(deadLetters).as("dead letters").isZero();
    }

    /**
     * The same results as {@code expected}, byte for byte, from the same checkpoints (equal sha256 at every step), the
     * same embedding chunks, and each once.
     */
    void assertSameAs(RunRecords expected) {
        assertEachOnce();
        assertThat(checkpointSha256).as("checkpoints by step").isEqualTo(expected.checkpointSha256);
        assertThat(embeddingChunks.keySet()).as("embedding chunks").isEqualTo(expected.embeddingChunks.keySet());
        assertThat(geometry.keySet()).as("geometry keys").isEqualTo(expected.geometry.keySet());
        assertThat(dynamics.keySet()).as("dynamics keys").isEqualTo(expected.dynamics.keySet());
        for (Map.Entry<String, List<String>> e : expected.geometry.entrySet()) {
            assertThat(geometry.get(e.getKey())).as("geometry of " + e.getKey()).isEqualTo(e.getValue());
        }
        for (Map.Entry<String, List<String>> e : expected.dynamics.entrySet()) {
            assertThat(dynamics.get(e.getKey())).as("dynamics of " + e.getKey()).isEqualTo(e.getValue());
        }
    }

    /** Counts for a report line. */
    String describe() {
        return geometry.size() + " geometry records, " + dynamics.size() + " dynamics records, "
                + checkpointSha256.size() + " checkpoints, " + embeddingChunks.size() + " embedding chunks";
    }
}
