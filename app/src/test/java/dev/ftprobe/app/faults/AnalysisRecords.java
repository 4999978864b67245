package dev.ftprobe.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The committed geometry and dynamics records of one analysis, undecoded, by record key: what a faulted run is compared
 * with, byte for byte, against an uninterrupted one.
 */
record AnalysisRecords(Map<String, List<String>> geometry, Map<String, List<String>> dynamics) {

    /** Reads both output topics of {@code analysisId} to their end (read_committed). */
    static AnalysisRecords read(String bootstrap, String analysisId) {
        return new AnalysisRecords(
                readTopic(bootstrap, Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.GEOMETRY)),
                readTopic(bootstrap, Topics.analysisTopicName(analysisId, Topics.AnalysisOutput.DYNAMICS)));
    }

    /**
     * Each key's values as hex, in a canonical order: a set's geometry has one record, a series' dynamics one per step,
     * and the order of a series' steps across partitions' histories is not what is compared.
     */
    private static Map<String, List<String>> readTopic(String bootstrap, String topic) {
        Map<String, List<String>> out = new TreeMap<>();
        RunLog.readToEnd(
                bootstrap,
                topic,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                RunLog.DEFAULT_TIMEOUT,
                r -> out.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(HexFormat.of().formatHex(r.value())));
        out.values().forEach(v -> v.sort(String::compareTo));
        return out;
    }

    int geometryRecords() {
        return geometry.values().stream().mapToInt(List::size).sum();
    }

    int dynamicsRecords() {
        return dynamics.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Asserts that these records are {@code expected}'s, byte for byte, with {@code sets} geometry records (one per
     * set) and {@code steps} dynamics records per series: nothing lost, nothing duplicated.
     */
    void assertSameAs(AnalysisRecords expected, int sets, int steps, String what) {
        assertThat(expected.geometryRecords())
                .as("the uninterrupted run's geometry records")
                .isEqualTo(sets);
        assertThat(expected.dynamics.values()).allSatisfy(v -> assertThat(v).hasSize(steps));
        assertThat(geometry.keySet()).as(what + ": geometry keys").isEqualTo(expected.geometry.keySet());
        assertThat(dynamics.keySet()).as(what + ": dynamics keys").isEqualTo(expected.dynamics.keySet());
        assertThat(differing(geometry, expected.geometry))
                .as(what + ": sets whose geometry records differ (or are not one)")
                .isEmpty();
        assertThat(differing(dynamics, expected.dynamics))
                .as(what + ": series whose dynamics records differ (or are not one per step)")
                .isEmpty();
    }

    private static List<String> differing(Map<String, List<String>> actual, Map<String, List<String>> expected) {
        return actual.keySet().stream()
                .filter(k -> !actual.get(k).equals(expected.get(k)))
                .toList();
    }
}
