package dev.ftprobe.app.run;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How far the analysis was behind training: for each checkpoint, the seconds from its checkpoint event to its step's
 * last dynamics record, both read off the records' Kafka timestamps (the analyzer stamps a dynamics record when it
 * computes it, just before committing it). Taken from the log, not from the dynamics' content, so a replay's records
 * stay byte-identical and a summary written again from the same log says the same.
 */
final class CheckpointLags {
    private final Map<Long, Long> committedMs = new HashMap<>();

    /**
     * Notes a dynamics record of {@code step}; the first record of each (layer, step) counts, since a later duplicate
     * (a replayed step) was not what the run waited for.
     */
    void dynamicsRecord(long step, long timestampMs, boolean firstOfLayerAndStep) {
        if (firstOfLayerAndStep && timestampMs >= 0) {
            committedMs.merge(step, timestampMs, Math::max);
        }
    }

    /** Seconds (to the millisecond) by step, for the steps with both a checkpoint event and dynamics. */
    SortedMap<Long, Double> seconds(Map<Long, Long> checkpointMs) {
        SortedMap<Long, Double> out = new TreeMap<>();
        committedMs.forEach((step, committed) -> {
            Long published = checkpointMs.get(step);
            if (published != null) {
                out.put(step, (committed - published) / 1000.0);
            }
        });
        return out;
    }

    /** The Kafka timestamp of each step's first checkpoint event of {@code runId}. */
    static Map<Long, Long> checkpointTimes(String bootstrap, String runId, Duration timeout) {
        Deserializer<CheckpointEvent> events = Topics.CHECKPOINTS.valueSerde().deserializer();
        Map<Long, Long> out = new HashMap<>();
        RunLog.readToEnd(
                bootstrap,
                Topics.CHECKPOINTS.name(),
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                timeout,
                r -> {
                    if (!runId.equals(r.key()) || r.value() == null || r.timestamp() < 0) {
                        return;
                    }
                    CheckpointEvent e;
                    try {
                        e = events.deserialize(r.topic(), r.value());
                    } catch (RuntimeException ex) {
                        return; // the dead-letter topic's business, not a summary's
                    }
                    if (runId.equals(e.runId())) {
                        out.putIfAbsent(e.step(), r.timestamp());
                    }
                });
        return out;
    }
}
