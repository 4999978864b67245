package dev.ftprobe.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts the transactions that a restart after an unclean shutdown (a killed process) left open on partitions
 * although their coordinator has finished them, as {@code kafka-transactions.sh find-hanging} and {@code abort} would
 * by hand.
 *
 * <p>Why they exist: a transaction in PREPARE_COMMIT when the broker was killed is completed by the coordinator when it
 * starts again, by writing its markers; but on a single node restarting after a kill every partition is leaderless for
 * a moment (the controller fences the node's previous incarnation), and Kafka's marker sender takes a partition without
 * a leader for a deleted one and drops its marker. The coordinator then records the transaction as complete while its
 * partitions still hold it open: read_committed consumers stop at it and the group whose offsets were in it cannot
 * fetch them, for good (seen with Kafka 4.4 when {@code ftprobe run} was killed just after the extractor committed).
 *
 * <p>Only a transaction that its coordinator has finished (COMPLETE_COMMIT, COMPLETE_ABORT or EMPTY, at the partition's
 * epoch or later) is aborted: no marker of it will come any more. Aborting drops its records and its offsets together
 * on every partition it touched (on one node the dropped markers are all of them), so its consumer reads the input
 * again and writes the same output: nothing is lost or written twice.
 */
final class HangingTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<TransactionState> FINISHED =
            Set.of(TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT, TransactionState.EMPTY);

    private HangingTransactions() {}

    /** One producer's open transaction on one partition. */
    record Open(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch) {}

    /** Aborts every hanging transaction; returns those aborted. */
    static List<Open> abortAll(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<Open> hanging = find(admin);
        for (Open o : hanging) {
            admin.abortTransaction(new AbortTransactionSpec(
                            o.partition(), o.producerId(), o.producerEpoch(), o.coordinatorEpoch()))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.warn(
                    "aborted a transaction that a kill left open on {} (producer {}, epoch {}) although its "
                            + "coordinator had finished it: its records and offsets are dropped together, and are "
                            + "written again by their producer",
                    o.partition(),
                    o.producerId(),
                    o.producerEpoch());
        }
        return hanging;
    }

    /** The open transactions whose coordinator has finished them. */
    static List<Open> find(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<Open> open = openTransactions(admin);
        if (open.isEmpty()) {
            return List.of();
        }
        Map<Long, String> idsByProducer = new HashMap<>();
        for (TransactionListing l : admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            idsByProducer.put(l.producerId(), l.transactionalId());
        }
        Map<String, TransactionDescription> descriptions = new HashMap<>();
        List<String> ids = open.stream()
                .map(o -> idsByProducer.get(o.producerId()))
                .filter(id -> id != null)
                .distinct()
                .toList();
        if (!ids.isEmpty()) {
            descriptions.putAll(admin.describeTransactions(ids).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        List<Open> finished = new ArrayList<>();
        for (Open o : open) {
            TransactionDescription d = descriptions.get(idsByProducer.get(o.producerId()));
            if (d != null
                    && d.producerId() == o.producerId()
                    && FINISHED.contains(d.state())
                    && d.producerEpoch() >= o.producerEpoch()) {
                finished.add(o);
            }
        }
        if (finished.isEmpty()) {
            return List.of();
        }
        // The partitions were read before the coordinator: a transaction committing meanwhile was open there and is
        // finished here, its markers written in between. The coordinator records a transaction as finished only after
        // its markers are written, so one still open on a partition read again now is really hanging.
        Set<Open> stillOpen = Set.copyOf(openTransactions(admin));
        return finished.stream().filter(stillOpen::contains).toList();
    }

    private static List<Open> openTransactions(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Collection<TopicDescription> described = admin.describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .values();
        List<TopicPartition> partitions = new ArrayList<>();
        described.forEach(t ->
                t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
        List<Open> open = new ArrayList<>();
        admin.describeProducers(partitions)
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, producers) -> {
                    for (ProducerState s : producers.activeProducers()) {
                        if (s.currentTransactionStartOffset().isPresent()) {
                            open.add(new Open(
                                    tp,
                                    s.producerId(),
                                    (short) s.producerEpoch(),
                                    s.coordinatorEpoch().orElse(0)));
                        }
                    }
                });
        return open;
    }

    /**
     * Repeats {@link #abortAll} every {@code every} for {@code during} (the coordinator drops the markers some seconds
     * after the broker is up), on a daemon thread; interrupt it to stop.
     */
    static Thread watch(Admin admin, Duration every, Duration during) {
        Thread t = new Thread(
                () -> {
                    long end = System.nanoTime() + during.toNanos();
                    try {
                        while (System.nanoTime() < end
                                && !Thread.currentThread().isInterrupted()) {
                            try {
                                abortAll(admin);
                            } catch (ExecutionException | TimeoutException e) {
                                LOG.debug("looking for hanging transactions failed: {}", e.toString());
                            }
                            Thread.sleep(every.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        admin.close(Duration.ofSeconds(5));
                    }
                },
                "ftprobe-hanging-transactions");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
