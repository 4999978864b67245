package dev.ftprobe.events.kafka;

import dev.ftprobe.events.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings the services share. Producers are idempotent with {@code acks=all} and the registry's
 * message limit as {@code max.request.size}; consumers read committed records only and commit by hand. (The analyzer's
 * Streams settings build on {@link #client}.) Each builder takes overrides with {@link Builder#set}.
 */
public final class KafkaConfigs {
    /** Producer batch size: large enough for several small chunks per request. */
    public static final int PRODUCER_BATCH_BYTES = 1024 * 1024;

    public static final long PRODUCER_BUFFER_BYTES = 128L * 1024 * 1024;
    public static final int CONSUMER_FETCH_MAX_BYTES = 64 * 1024 * 1024;

    private KafkaConfigs() {}

    /** An ordered map of client settings, with typed overrides. */
    public static final class Builder {
        private final Map<String, Object> props = new LinkedHashMap<>();

        private Builder(String bootstrap, String clientId) {
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required");
            }
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            if (clientId != null) {
                props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
            }
        }

        public Builder set(String key, Object value) {
            if (value == null) {
                props.remove(key);
            } else {
                props.put(key, value);
            }
            return this;
        }

        public Builder setAll(Map<String, ?> values) {
            values.forEach(this::set);
            return this;
        }

        public Map<String, Object> toMap() {
            return new LinkedHashMap<>(props);
        }

        public Properties toProperties() {
            Properties p = new Properties();
            props.forEach((k, v) -> p.put(k, String.valueOf(v)));
            return p;
        }
    }

    /**
     * An idempotent producer: acks=all, max.request.size = {@link Topics#MAX_MESSAGE_BYTES}, no compression (float
     * vectors do not compress; the JSON topics are compressed by the broker).
     */
    public static Builder producer(String bootstrap, String clientId) {
        return new Builder(bootstrap, clientId)
                .set(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .set(ProducerConfig.ACKS_CONFIG, "all")
                .set(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .set(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES)
                .set(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES)
                .set(ProducerConfig.LINGER_MS_CONFIG, 5)
                .set(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES)
                .set(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    /** A transactional producer (for services that commit output and offsets together). */
    public static Builder transactionalProducer(String bootstrap, String clientId, String transactionalId) {
        return producer(bootstrap, clientId).set(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /** A consumer in {@code groupId}: read_committed, manual commits, from the earliest offset. */
    public static Builder consumer(String bootstrap, String clientId, String groupId) {
        return new Builder(bootstrap, clientId)
                .set(ConsumerConfig.GROUP_ID_CONFIG, groupId)
                .set(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .set(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .set(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .set(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MESSAGE_BYTES)
                .set(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, CONSUMER_FETCH_MAX_BYTES);
    }

    /** Client settings with only the bootstrap servers and client id, for clients that set the rest. */
    public static Builder client(String bootstrap, String clientId) {
        return new Builder(bootstrap, clientId);
    }
}
