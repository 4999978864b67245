package dev.ftprobe.broker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Finds the transactions that a restart after an unclean shutdown (a killed process) left open on partitions although
 * their coordinator has finished them, and ends each there as its coordinator decided: what
 * {@code kafka-transactions.sh find-hanging} and {@code abort} do by hand, with a commit where the coordinator
 * committed.
 *
 * <p>Why they exist: a transaction in PREPARE_COMMIT when the broker was killed is completed by the coordinator when it
 * starts again, by writing its markers; but on a single node restarting after a kill the coordinator's marker sender
 * can find no leader for a partition for a moment (the controller fences the node's previous incarnation), takes it for
 * deleted and drops its marker ("Couldn't find leader endpoint ... likely deleted already"), while a later try writes
 * the marker to another partition of the same transaction. The coordinator then records the transaction as complete
 * while a partition still holds it open: read_committed consumers stop there, and a group whose offsets were in it
 * cannot fetch them, for good (seen with Kafka 4.4 when {@code ftprobe run} was killed just after the extractor
 * committed).
 *
 * <p>Only a transaction that its coordinator has finished (COMPLETE_COMMIT, COMPLETE_ABORT or EMPTY, at the partition's
 * epoch or later) is ended: no marker of it will come any more. It is ended as the coordinator's log
 * ({@link TransactionDecisions}) says it was decided: committed where it was committed, since its other partitions may
 * hold their commit markers (a kill test saw the offsets committed and the records hanging: aborting the records lost
 * them), aborted where it was aborted or where the log no longer says.
 */
final class HangingTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<TransactionState> FINISHED =
            Set.of(TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT, TransactionState.EMPTY);

    private HangingTransactions() {}

    /** One producer's open transaction on one partition. */
    record Open(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch) {}

    /** An open transaction that its coordinator, which knows it by {@code transactionalId}, has finished. */
    record Hanging(Open open, String transactionalId) {}

    /** How a hanging transaction was ended. */
    record Ended(Hanging hanging, boolean committed) {}

    /**
     * Ends every hanging transaction as its coordinator decided, sending commits to the broker at {@code bootstrap}
     * (host:port); returns those ended.
     */
    static List<Ended> endAll(Admin admin, String bootstrap)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Hanging> hanging = find(admin);
        if (hanging.isEmpty()) {
            return List.of();
        }
        TransactionDecisions decisions = TransactionDecisions.read(bootstrap);
        List<Ended> ended = new ArrayList<>();
        for (Hanging h : hanging) {
            Open o = h.open();
            Optional<Boolean> committed =
                    decisions.committed(h.transactionalId(), o.partition(), o.producerId(), o.producerEpoch());
            try {
                if (committed.orElse(false)) {
                    TransactionMarkers.commit(
                            bootstrap, o.partition(), o.producerId(), o.producerEpoch(), o.coordinatorEpoch());
                } else {
                    admin.abortTransaction(new AbortTransactionSpec(
                                    o.partition(), o.producerId(), o.producerEpoch(), o.coordinatorEpoch()))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (IOException | ExecutionException | TimeoutException e) {
                // the consumers of this partition wait until it is ended: say so, and try again at the next look
                LOG.warn(
                        "could not end transaction {} (producer {}, epoch {}) left open on {} by a kill; trying "
                                + "again: {}",
                        h.transactionalId(),
                        o.producerId(),
                        o.producerEpoch(),
                        o.partition(),
                        e.toString());
                continue;
            }
            LOG.warn(
                    "{} transaction {} (producer {}, epoch {}) on {}, which a kill left open there after its "
                            + "coordinator had {}",
                    committed.orElse(false) ? "committed" : "aborted",
                    h.transactionalId(),
                    o.producerId(),
                    o.producerEpoch(),
                    o.partition(),
                    committed.isPresent()
                            ? (committed.get() ? "committed it" : "aborted it")
                            : "finished it (its decision is no longer in the log: its producer writes it again)");
            ended.add(new Ended(h, committed.orElse(false)));
        }
        return ended;
    }

    /** The open transactions whose coordinator has finished them. */
    static List<Hanging> find(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
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
        List<Hanging> finished = new ArrayList<>();
        for (Open o : open) {
            String id = idsByProducer.get(o.producerId());
            TransactionDescription d = descriptions.get(id);
            if (d != null
                    && d.producerId() == o.producerId()
                    && FINISHED.contains(d.state())
                    && d.producerEpoch() >= o.producerEpoch()) {
                finished.add(new Hanging(o, id));
            }
        }
        if (finished.isEmpty()) {
            return List.of();
        }
        // The partitions were read before the coordinator: a transaction committing meanwhile was open there and is
        // finished here, its markers written in between. The coordinator records a transaction as finished only after
        // its markers are written, so one still open on a partition read again now is really hanging.
        Set<Open> stillOpen = Set.copyOf(openTransactions(admin));
        return finished.stream().filter(h -> stillOpen.contains(h.open())).toList();
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
     * Repeats {@link #endAll} every {@code every} for {@code during} (the coordinator drops the markers some seconds
     * after the broker is up), on a daemon thread; interrupt it to stop.
     */
    static Thread watch(Admin admin, String bootstrap, Duration every, Duration during) {
        Thread t = new Thread(
                () -> {
                    long end = System.nanoTime() + during.toNanos();
                    try {
                        while (System.nanoTime() < end
                                && !Thread.currentThread().isInterrupted()) {
                            try {
                                endAll(admin, bootstrap);
                            } catch (ExecutionException | TimeoutException | RuntimeException e) {
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
