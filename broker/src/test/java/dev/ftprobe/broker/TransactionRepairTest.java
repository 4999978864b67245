package dev.ftprobe.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.RunLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two halves of the repair of a hanging transaction, on a real broker: the coordinators' decisions read back from
 * their log, and a commit marker written to a partition where a transaction is open.
 */
class TransactionRepairTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    @Test
    @Timeout(120)
    void theLogSaysWhichTransactionWasCommittedAndWhichAbortedOnWhichPartitions() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                Admin admin = admin(broker);
                KafkaProducer<String, String> p = producer(broker, "txn-decided")) {
            admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("t", 0, "k", "committed")).get();
            ProducerState committed = open(admin, T0);
            p.commitTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>("t", 1, "k", "aborted")).get();
            ProducerState aborted = open(admin, T1);
            p.abortTransaction();

            TransactionDecisions decisions = TransactionDecisions.read(broker.bootstrapServers());
            assertThat(decisions.committed("txn-decided", T0, committed.producerId(), epoch(committed)))
                    .contains(true);
            assertThat(decisions.committed("txn-decided", T1, aborted.producerId(), epoch(aborted)))
                    .contains(false);
            // a partition the transaction did not write to, another epoch, another id: the log does not say
            assertThat(decisions.committed("txn-decided", T1, committed.producerId(), epoch(committed)))
                    .isEmpty();
            assertThat(decisions.committed("txn-decided", T0, committed.producerId(), (short) (epoch(aborted) + 5)))
                    .isEmpty();
            assertThat(decisions.committed("txn-other", T0, committed.producerId(), epoch(committed)))
                    .isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void aCommitMarkerClosesAnOpenTransactionOnItsPartitionAndKeepsItsRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                Admin admin = admin(broker);
                KafkaProducer<String, String> p = producer(broker, "txn-marked")) {
            admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("t", 0, "k", "kept")).get();
            ProducerState s = open(admin, T0);
            assertThat(read(broker)).isEmpty(); // open: a read_committed reader stops before it

            TransactionMarkers.commit(
                    broker.bootstrapServers(),
                    T0,
                    s.producerId(),
                    epoch(s),
                    s.coordinatorEpoch().orElse(0));

            assertThat(admin.describeProducers(List.of(T0))
                            .partitionResult(T0)
                            .get()
                            .activeProducers())
                    .allSatisfy(
                            x -> assertThat(x.currentTransactionStartOffset()).isEmpty());
            assertThat(read(broker)).containsExactly("kept");
        }
    }

    private static ProducerState open(Admin admin, TopicPartition tp) throws Exception {
        List<ProducerState> open =
                admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers().stream()
                        .filter(s -> s.currentTransactionStartOffset().isPresent())
                        .toList();
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    private static short epoch(ProducerState s) {
        return (short) s.producerEpoch();
    }

    private static List<String> read(EmbeddedKafkaBroker broker) {
        List<String> values = new ArrayList<>();
        RunLog.readToEnd(
                broker.bootstrapServers(),
                "t",
                new StringDeserializer(),
                new StringDeserializer(),
                Duration.ofSeconds(5),
                r -> values.add(r.value()));
        return values;
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, String transactionalId) {
        return new KafkaProducer<>(
                KafkaConfigs.transactionalProducer(broker.bootstrapServers(), "p", transactionalId)
                        .toMap(),
                new StringSerializer(),
                new StringSerializer());
    }
}
