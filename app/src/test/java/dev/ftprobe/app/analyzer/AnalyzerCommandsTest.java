package dev.ftprobe.app.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftprobe.app.CommandRun;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsTheAnalyzerCommands() {
        assertThat(CommandRun.of("--help").out()).contains("analyzer", "replay");
        assertThat(CommandRun.of("analyzer", "--help").out())
                .contains("--analysis-id", "--layers", "--state-dir", "bench", "--sample-per-label");
        assertThat(CommandRun.of("replay", "--help").out()).contains("--analysis-id", "byte-identical");
    }

    @Test
    @Timeout(180)
    void replayAnalysesTheRetainedTopicUnderANewIdAndRefusesAnIdInUse() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            TopicAdmin.createMissing(b);
            Random r = new Random(3);
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                    KafkaConfigs.producer(b, "t").toMap(), new StringSerializer(), new ByteArraySerializer())) {
                for (long step : new long[] {0, 5}) {
                    for (String split : new String[] {"train", "test"}) {
                        int n = 48;
                        int[] ex = new int[n];
                        int[] lab = new int[n];
                        float[] v = new float[n * 4];
                        for (int i = 0; i < n; i++) {
                            ex[i] = i;
                            lab[i] = i % 3;
                            for (int k = 0; k < 4; k++) {
                                v[i * 4 + k] = (k == lab[i] ? 5f : 0f) + (float) r.nextGaussian() * 0.3f;
                            }
                        }
                        EmbeddingBatch batch = new EmbeddingBatch("cmd", step, "pos", split, 1, 0, 1, 4, ex, lab, v);
                        p.send(new ProducerRecord<>(
                                Topics.EMBEDDINGS.name(),
                                batch.recordKey(),
                                EventCodecs.EMBEDDING_BATCH.encode(batch)));
                    }
                }
            }
            CommandRun noId = CommandRun.of("replay", "--bootstrap", b, "--state-dir", tmp.toString());
            assertThat(noId.exit()).isNotZero();
            assertThat(noId.err()).contains("--analysis-id");

            long replayStart = System.currentTimeMillis();
            CommandRun replay = CommandRun.of(
                    "replay",
                    "--bootstrap",
                    b,
                    "--analysis-id",
                    "r1",
                    "--state-dir",
                    tmp.toString(),
                    "--timeout",
                    "2m");
            assertThat(replay.exit()).as(replay.err()).isZero();
            JsonNode line = JsonCodec.mapper().readTree(replay.out());
            assertThat(line.get("caughtUp").asBoolean()).isTrue();
            assertThat(line.get("geometryTopic").asText()).isEqualTo("ftprobe.analysis.r1.geometry");
            assertThat(readAll(b, "ftprobe.analysis.r1.geometry")).hasSize(4);
            List<ConsumerRecord<String, byte[]>> dynamics = readAll(b, "ftprobe.analysis.r1.dynamics");
            assertThat(dynamics).hasSize(2);
            for (ConsumerRecord<String, byte[]> d : dynamics) {
                // stamped when computed, not with the chunks' (earlier) timestamps: the summary's lag reads it
                assertThat(d.timestamp()).isGreaterThanOrEqualTo(replayStart);
                JsonNode j = JsonCodec.mapper().readTree(d.value());
                assertThat(j.get("splits")
                                .get("train")
                                .get("dynamics")
                                .get("clusters")
                                .asInt())
                        .isEqualTo(3);
            }

            CommandRun again =
                    CommandRun.of("replay", "--bootstrap", b, "--analysis-id", "r1", "--state-dir", tmp.toString());
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains("already has output topics");

            // the same input on a per-label sample: 5 points of each of the 3 labels, and the events say so
            CommandRun sampled = CommandRun.of(
                    "replay",
                    "--bootstrap",
                    b,
                    "--analysis-id",
                    "s1",
                    "--state-dir",
                    tmp.toString(),
                    "--timeout",
                    "2m",
                    "--sample-per-label",
                    "5",
                    "--sample-seed",
                    "3");
            assertThat(sampled.exit()).as(sampled.err()).isZero();
            List<ConsumerRecord<String, byte[]>> sampledGeometry = readAll(b, "ftprobe.analysis.s1.geometry");
            assertThat(sampledGeometry).hasSize(4);
            for (ConsumerRecord<String, byte[]> g : sampledGeometry) {
                JsonNode j = JsonCodec.mapper().readTree(g.value());
                assertThat(j.get("points").asInt()).isEqualTo(15);
                assertThat(j.get("sample").toString()).isEqualTo("{\"maxPerLabel\":5,\"seed\":3,\"setPoints\":48}");
            }
            CommandRun seedOnly = CommandRun.of(
                    "replay",
                    "--bootstrap",
                    b,
                    "--analysis-id",
                    "s2",
                    "--state-dir",
                    tmp.toString(),
                    "--sample-seed",
                    "3");
            assertThat(seedOnly.exit()).as(seedOnly.err()).isEqualTo(2);
            assertThat(seedOnly.err()).contains("--sample-seed needs --sample-per-label");
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                KafkaConfigs.consumer(bootstrap, "t", null)
                        .set("group.id", null)
                        .toMap(),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition()))
                    .toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            var end = c.endOffsets(tps);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
