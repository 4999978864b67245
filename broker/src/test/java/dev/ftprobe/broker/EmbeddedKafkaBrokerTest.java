package dev.ftprobe.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {
    // 6 MB: enough to span every partition and several producer batches; the test is about restart
    // durability, not volume (10,000 records once timed out on a CI machine)
    private static final int RECORDS = 2_000;
    private static final int DIM = 768;

    @TempDir
    Path dir;

    @Test
    void whenKafkaHaltsTheProcessTheMessageNamesItsDirectoryAndHowToGoOn() {
        // the full-disk case itself is DiskFullTest's (app): a tmpfs filled under a real run
        String m = EmbeddedKafkaBroker.haltMessage(1, null, List.of(dir));
        assertThat(m)
                .startsWith("ftprobe: the embedded Kafka broker stopped this process (exit 1) after a fatal error "
                        + "(logged above)")
                .contains("ftprobe: broker data directory " + dir + ": ")
                .contains(" KiB free")
                .doesNotContain("full")
                .endsWith("run the same command again to resume; what was committed before the stop is kept");
        assertThat(EmbeddedKafkaBroker.haltMessage(1, "Shutdown", List.of(dir.resolve("gone"))))
                .contains("after a fatal error: Shutdown")
                .contains("broker data directory " + dir.resolve("gone") + ": cannot be read");
    }

    @Test
    @Timeout(180)
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        String firstBootstrap;
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
            firstBootstrap = broker.bootstrapServers();
            List<String> created = TopicAdmin.createMissing(broker.bootstrapServers());
            assertThat(created)
                    .containsExactlyInAnyOrderElementsOf(
                            Topics.registry().stream().map(t -> t.name()).toList());
            assertThat(TopicAdmin.createMissing(broker.bootstrapServers())).isEmpty();
            assertThat(TopicAdmin.describe(broker.bootstrapServers(), Topics.registry()))
                    .allSatisfy(s -> {
                        assertThat(s.exists()).isTrue();
                        assertThat(s.mismatches()).isEmpty();
                    });

            try (KafkaProducer<String, EmbeddingBatch> producer = new KafkaProducer<>(
                    KafkaConfigs.producer(broker.bootstrapServers(), "test-producer")
                            .toMap(),
                    Topics.EMBEDDINGS.keySerde().serializer(),
                    Topics.EMBEDDINGS.valueSerde().serializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    EmbeddingBatch b = batch(i);
                    sent.add(producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), b.recordKey(), b)));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    f.get();
                }
            }
            assertAllPresent(broker.bootstrapServers(), "first");
        }

        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
            assertThat(broker.bootstrapServers()).isEqualTo(firstBootstrap);
            assertThat(TopicAdmin.createMissing(broker.bootstrapServers())).isEmpty();
            try (Admin admin = TopicAdmin.admin(broker.bootstrapServers())) {
                assertThat(admin.listTopics().names().get())
                        .containsAll(
                                Topics.registry().stream().map(t -> t.name()).toList());
            }
            assertAllPresent(broker.bootstrapServers(), "second");
        }
    }

    @Test
    @Timeout(120)
    void supportsTransactionsForExactlyOnceServices() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            TopicAdmin.createMissing(b);
            try (KafkaProducer<String, CheckpointEvent> producer = new KafkaProducer<>(
                    KafkaConfigs.transactionalProducer(b, "tx-test", "tx-test-1")
                            .toMap(),
                    Topics.CHECKPOINTS.keySerde().serializer(),
                    Topics.CHECKPOINTS.valueSerde().serializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), "run-a", checkpoint("run-a", 1)));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(Topics.CHECKPOINTS.name(), "run-a", checkpoint("run-a", 2)));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, CheckpointEvent> consumer = new KafkaConsumer<>(
                    KafkaConfigs.consumer(b, "tx-reader", "tx-reader").toMap(),
                    Topics.CHECKPOINTS.keySerde().deserializer(),
                    Topics.CHECKPOINTS.valueSerde().deserializer())) {
                consumer.subscribe(List.of(Topics.CHECKPOINTS.name()));
                List<Long> steps = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (steps.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200))
                            .forEach(r -> steps.add(r.value().step()));
                }
                consumer.commitSync();
                assertThat(steps).containsExactly(2L);
            }
        }
    }

    private static CheckpointEvent checkpoint(String run, long step) {
        return new CheckpointEvent(run, step, 0, 0.5, 1e-4, "file:///c/" + step, "0".repeat(64), 10, Instant.now());
    }

    private static EmbeddingBatch batch(int i) {
        SplittableRandom rnd = new SplittableRandom(i);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) rnd.nextDouble(-1, 1);
        }
        int set = i % 4;
        return new EmbeddingBatch(
                "run-1",
                10,
                "pos",
                set % 2 == 0 ? "train" : "test",
                set / 2,
                i,
                RECORDS,
                DIM,
                new int[] {i},
                new int[] {i % 17},
                v);
    }

    private static void assertAllPresent(String bootstrap, String group) {
        Map<String, Object> props = KafkaConfigs.consumer(bootstrap, "test-" + group, "test-" + group)
                .toMap();
        boolean[] seen = new boolean[RECORDS];
        int count = 0;
        try (KafkaConsumer<String, EmbeddingBatch> consumer = new KafkaConsumer<>(
                props,
                Topics.EMBEDDINGS.keySerde().deserializer(),
                Topics.EMBEDDINGS.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.EMBEDDINGS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, EmbeddingBatch> r : consumer.poll(Duration.ofMillis(500))) {
                    EmbeddingBatch b = r.value();
                    int i = b.chunkIndex();
                    assertThat(b).isEqualTo(batch(i));
                    assertThat(r.key()).isEqualTo(b.recordKey());
                    if (!seen[i]) {
                        seen[i] = true;
                        count++;
                    }
                }
            }
        }
        assertThat(count).as("distinct records read").isEqualTo(RECORDS);
    }
}
