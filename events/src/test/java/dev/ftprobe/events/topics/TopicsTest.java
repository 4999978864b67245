package dev.ftprobe.events.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.events.codec.EmbeddingBatchCodec;
import dev.ftprobe.events.kafka.KafkaConfigs;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void registryIsConsistent() {
        List<TopicSpec<?, ?>> all = Topics.registry();
        assertThat(all).hasSize(4);
        assertThat(new HashSet<>(all.stream().map(TopicSpec::name).toList())).hasSize(4);
        for (TopicSpec<?, ?> t : List.of(Topics.RUNS, Topics.CHECKPOINTS, Topics.EMBEDDINGS)) {
            assertThat(t.configs())
                    .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                    .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
        }
        assertThat(Topics.DEAD_LETTERS.retentionMs()).isPositive();
        assertThat(Topics.EMBEDDINGS.newTopic().configs())
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
    }

    @Test
    void producerAndTopicLimitsAgree() {
        Map<String, Object> producer = KafkaConfigs.producer("b:9092", "c").toMap();
        assertThat(producer.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).isEqualTo(Topics.EMBEDDINGS.maxMessageBytes());
        assertThat(producer)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<String, Object> consumer = KafkaConfigs.consumer("b:9092", "c", "g").toMap();
        assertThat(consumer)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Test
    void maxVectorsPerChunkFillsButNeverExceedsAMessage() {
        for (int dim : new int[] {1, 128, 256, 768, 1536, 65536}) {
            int n = Topics.maxVectorsPerChunk(dim);
            assertThat(n).isPositive();
            long size = EmbeddingBatchCodec.encodedSize(1024, 1024, 1024, n, dim);
            assertThat(size).isLessThanOrEqualTo(Topics.MAX_MESSAGE_BYTES - Topics.CHUNK_RESERVE_BYTES);
            assertThat(EmbeddingBatchCodec.encodedSize(1024, 1024, 1024, n + 1, dim))
                    .isGreaterThan(Topics.MAX_MESSAGE_BYTES - Topics.CHUNK_RESERVE_BYTES - 4L * dim - 8);
        }
        assertThat(Topics.maxVectorsPerChunk(768)).isGreaterThan(5000);
        assertThatThrownBy(() -> Topics.maxVectorsPerChunk(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void analysisTopicsAreNamespacedByAnalysisId() {
        assertThat(Topics.analysisTopicName("default", Topics.AnalysisOutput.GEOMETRY))
                .isEqualTo("ftprobe.analysis.default.geometry");
        assertThat(Topics.analysisTopicName("replay-2", Topics.AnalysisOutput.DYNAMICS))
                .isEqualTo("ftprobe.analysis.replay-2.dynamics");
        assertThat(Topics.analysisTopics("x"))
                .extracting(TopicSpec::name)
                .containsExactly("ftprobe.analysis.x.geometry", "ftprobe.analysis.x.dynamics");
        assertThat(Topics.analysisTopics("x").get(0).retentionMs()).isEqualTo(Topics.RETAIN_FOREVER);
        assertThatThrownBy(() -> Topics.analysisTopicName("a.b", Topics.AnalysisOutput.GEOMETRY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.analysisTopicName("", Topics.AnalysisOutput.GEOMETRY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
