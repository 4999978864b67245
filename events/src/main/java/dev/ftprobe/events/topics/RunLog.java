package dev.ftprobe.events.topics;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.kafka.KafkaConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the registry from the beginning to its current end (committed records only), without a consumer
 * group: how the trainer finds what a run has already published, and how the extractor and {@code ftprobe inspect} look
 * runs up.
 */
public final class RunLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLog.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private RunLog() {}

    /**
     * Every committed record of {@code topic} up to the end it has when this is called, in partition order, decoded
     * with the topic's serde. A record that does not decode is skipped with a warning (it is the dead-letter topic's
     * business, not a reader's), so one bad record cannot hide a run.
     */
    public static <V> void readToEnd(
            String bootstrap, TopicSpec<String, V> topic, Duration timeout, Consumer<ConsumerRecord<String, V>> sink) {
        Deserializer<V> values = topic.valueSerde().deserializer();
        readToEnd(bootstrap, topic.name(), new StringDeserializer(), new ByteArrayDeserializer(), timeout, r -> {
            V value;
            try {
                value = r.value() == null ? null : values.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                LOG.warn(
                        "skipping undecodable record {}-{}@{}: {}",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        e.getMessage());
                return;
            }
            sink.accept(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
        });
    }

    public static <K, V> void readToEnd(
            String bootstrap,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Duration timeout,
            Consumer<ConsumerRecord<K, V>> sink) {
        Map<String, Object> props = KafkaConfigs.consumer(bootstrap, "ftprobe-runlog", null)
                .set(ConsumerConfig.GROUP_ID_CONFIG, null)
                .toMap();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, timeout));
            while (!end.isEmpty()) {
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
                if (end.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading " + topic + " to its end did not finish within " + timeout);
                }
                for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(r);
                }
            }
        }
    }

    /** The manifest of {@code runId}, if published (the first one, should there be several). */
    public static Optional<RunManifest> manifest(String bootstrap, String runId) {
        RunManifest[] found = new RunManifest[1];
        readToEnd(bootstrap, Topics.RUNS, DEFAULT_TIMEOUT, r -> {
            if (found[0] == null && runId.equals(r.key()) && r.value() != null) {
                found[0] = r.value();
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** Every manifest by run id (the first of each run). */
    public static Map<String, RunManifest> manifests(String bootstrap) {
        Map<String, RunManifest> out = new TreeMap<>();
        readToEnd(bootstrap, Topics.RUNS, DEFAULT_TIMEOUT, r -> {
            if (r.value() != null) {
                out.putIfAbsent(r.key(), r.value());
            }
        });
        return out;
    }

    /** The checkpoint events of {@code runId}, by step (the first event of each step). */
    public static List<CheckpointEvent> checkpoints(String bootstrap, String runId) {
        Map<Long, CheckpointEvent> bySteps = new HashMap<>();
        readToEnd(bootstrap, Topics.CHECKPOINTS, DEFAULT_TIMEOUT, r -> {
            if (runId.equals(r.key())
                    && r.value() != null
                    && runId.equals(r.value().runId())) {
                bySteps.putIfAbsent(r.value().step(), r.value());
            }
        });
        List<CheckpointEvent> out = new ArrayList<>(bySteps.values());
        out.sort(Comparator.comparingLong(CheckpointEvent::step));
        return out;
    }
}
