package dev.ftprobe.events.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the registry: its name, the serdes of its keys and values, and the settings it is created with. The
 * replication factor is left to the broker's {@code default.replication.factor}.
 *
 * @param name the topic name
 * @param keySerde the serde of its keys
 * @param valueSerde the serde of its values
 * @param partitions the number of partitions
 * @param retentionMs {@code retention.ms}; {@link Topics#RETAIN_FOREVER} keeps records indefinitely
 * @param maxMessageBytes {@code max.message.bytes}
 * @param compression {@code compression.type} ({@code producer} keeps what producers send)
 * @param cleanupPolicy {@code cleanup.policy}
 * @param description what the topic holds, for {@code ftprobe topics describe}
 */
public record TopicSpec<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        long retentionMs,
        int maxMessageBytes,
        String compression,
        String cleanupPolicy,
        String description) {

    public TopicSpec {
        if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("invalid topic name: " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
    }

    /** The topic-level configuration the topic is created with. */
    public Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        c.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        c.put(TopicConfig.COMPRESSION_TYPE_CONFIG, compression);
        return c;
    }

    /** The Admin request that creates it. */
    public NewTopic newTopic() {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs());
    }

    /** The same topic with other serdes (e.g. bytes for tools that do not decode). */
    public <K2, V2> TopicSpec<K2, V2> withSerdes(Serde<K2> keys, Serde<V2> values) {
        return new TopicSpec<>(
                name, keys, values, partitions, retentionMs, maxMessageBytes, compression, cleanupPolicy, description);
    }
}
