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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the repair after an unclean restart must never do: abort a transaction its coordinator is still running. (The
 * transactions it does abort, which Kafka leaves hanging after a kill, are made by {@code RunFaultsTest} in the app,
 * which kills the real {@code ftprobe run}.)
 */
class HangingTransactionsTest {
    private static final int COMMITS_RIGHT_BEFORE_A_LOOK = 30;

    @Test
    @Timeout(120)
    void anOngoingTransactionIsNotHangingAndNorIsACommittedOne() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    KafkaConfigs.transactionalProducer(broker.bootstrapServers(), "p", "txn-1")
                            .toMap(),
                    new StringSerializer(),
                    new StringSerializer())) {
                p.initTransactions();
                p.beginTransaction();
                p.send(new ProducerRecord<>("t", 0, "k", "v")).get();
                p.send(new ProducerRecord<>("t", 1, "k", "v")).get();
                // open on both partitions, and its coordinator knows it: not hanging
                assertThat(HangingTransactions.find(admin)).isEmpty();
                assertThat(HangingTransactions.endAll(admin, broker.bootstrapServers()))
                        .isEmpty();
                p.commitTransaction();
                // just after a commit its markers may still be on their way to the partitions while the coordinator
                // reads finished: the race that a second look at the partitions settles (it failed here once in CI)
                assertThat(HangingTransactions.find(admin)).isEmpty();
                for (int i = 0; i < COMMITS_RIGHT_BEFORE_A_LOOK; i++) {
                    p.beginTransaction();
                    p.send(new ProducerRecord<>("t", i % 2, "k", "w"));
                    p.commitTransaction();
                    assertThat(HangingTransactions.find(admin))
                            .as("after commit %d", i)
                            .isEmpty();
                }
            }
            // nothing was aborted: a read_committed reader sees both records
            List<String> read = new ArrayList<>();
            RunLog.readToEnd(
                    broker.bootstrapServers(),
                    "t",
                    new StringDeserializer(),
                    new StringDeserializer(),
                    Duration.ofSeconds(30),
                    r -> read.add(r.value()));
            assertThat(read).hasSize(2 + COMMITS_RIGHT_BEFORE_A_LOOK);
            assertThat(read).filteredOn("v"::equals).hasSize(2);
        }
    }
}
