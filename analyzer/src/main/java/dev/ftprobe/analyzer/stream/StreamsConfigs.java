package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.Topics;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings every analyzer starts from: {@code exactly_once_v2}, state in {@code stateDir}, the topic
 * registry's message limits, the processing-exception handler also for global state. They live with the analyzer, the
 * one Kafka Streams application, so that the event contract does not pull Kafka Streams into every service.
 */
public final class StreamsConfigs {
    private StreamsConfigs() {}

    /** A Kafka Streams application: exactly_once_v2, state in {@code stateDir}, the registry's limits. */
    public static KafkaConfigs.Builder streams(String bootstrap, String applicationId, Path stateDir) {
        KafkaConfigs.Builder b = KafkaConfigs.client(bootstrap, null)
                .set(StreamsConfig.APPLICATION_ID_CONFIG, applicationId)
                .set(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .set(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1)
                .set(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_MESSAGE_BYTES)
                .set(
                        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                        Topics.MAX_MESSAGE_BYTES)
                .set(
                        StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG),
                        KafkaConfigs.CONSUMER_FETCH_MAX_BYTES)
                .set(StreamsConfig.topicPrefix("max.message.bytes"), Topics.MAX_MESSAGE_BYTES)
                .set(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                // the analyzer has no global stores; this is Kafka 5.0's default, and without it Streams
                // warns at every start that it is not yet enabled: once for the application and once for
                // the partition assignor, which reads its settings from the main consumer's
                .set(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true)
                .set(
                        StreamsConfig.mainConsumerPrefix(
                                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                        true);
        if (stateDir != null) {
            b.set(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        return b;
    }
}
