package dev.ftprobe.broker;

import dev.ftprobe.events.topics.RunLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.coordinator.transaction.TransactionLog;
import org.apache.kafka.coordinator.transaction.TransactionMetadata;
import org.apache.kafka.coordinator.transaction.TransactionState;

/**
 * What the transaction coordinators decided, read from their log ({@code __transaction_state}): each transaction's
 * PREPARE_COMMIT or PREPARE_ABORT record, with the partitions it wrote to. A transaction that a kill left open on a
 * partition must end there as its coordinator decided: its markers on the other partitions may have been written.
 *
 * <p>Kafka's own classes decode the log ({@code TransactionLog.read}, the coordinator's reader), so the records are
 * read as the broker that wrote them reads them.
 */
final class TransactionDecisions {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** One PREPARE_COMMIT or PREPARE_ABORT record. */
    private record Prepared(
            long producerId,
            short producerEpoch,
            boolean epochBumped,
            List<TopicPartition> partitions,
            boolean commit) {}

    private final Map<String, List<Prepared>> byTransactionalId;

    private TransactionDecisions(Map<String, List<Prepared>> byTransactionalId) {
        this.byTransactionalId = byTransactionalId;
    }

    /** Reads the whole transaction log of the Kafka at {@code bootstrap}. */
    static TransactionDecisions read(String bootstrap) {
        Map<String, List<Prepared>> out = new HashMap<>();
        RunLog.readToEnd(
                bootstrap,
                Topic.TRANSACTION_STATE_TOPIC_NAME,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                READ_TIMEOUT,
                r -> add(r, out));
        return new TransactionDecisions(out);
    }

    private static void add(ConsumerRecord<byte[], byte[]> r, Map<String, List<Prepared>> out) {
        if (r.key() == null || r.value() == null) {
            return; // a tombstone: an expired transactional id
        }
        if (!(TransactionLog.read(ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()))
                instanceof TransactionLog.TxnRecord record)) {
            return;
        }
        TransactionMetadata m = record.metadata();
        TransactionState state = m.state();
        if (state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT) {
            out.computeIfAbsent(record.transactionId(), id -> new ArrayList<>())
                    .add(new Prepared(
                            m.producerId(),
                            m.producerEpoch(),
                            m.clientTransactionVersion().supportsEpochBump(),
                            List.copyOf(m.topicPartitions()),
                            state == TransactionState.PREPARE_COMMIT));
        }
    }

    /**
     * Whether the transaction of {@code transactionalId} that is open on {@code partition} with this producer id and
     * epoch was committed (true) or aborted (false); empty where the log does not say (the record compacted away).
     * Transactions of version 2 bump the epoch when they are prepared, so the transaction that ran at epoch E is
     * prepared at E + 1; older ones keep E.
     */
    Optional<Boolean> committed(String transactionalId, TopicPartition partition, long producerId, short epoch) {
        Optional<Boolean> decision = Optional.empty();
        for (Prepared p : byTransactionalId.getOrDefault(transactionalId, List.of())) {
            short ranAt = p.epochBumped() ? (short) (p.producerEpoch() - 1) : p.producerEpoch();
            if (p.producerId() == producerId && ranAt == epoch && p.partitions().contains(partition)) {
                decision = Optional.of(p.commit()); // the last one: an epoch is reused by transactions of version 1
            }
        }
        return decision;
    }
}
