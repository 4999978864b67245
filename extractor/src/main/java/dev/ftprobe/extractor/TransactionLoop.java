package dev.ftprobe.extractor;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.InvalidEventException;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.extractor.Extractor.Outcome;
import dev.ftprobe.extractor.Extractor.Processed;
import dev.ftprobe.model.checkpoint.CheckpointUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes checkpoint events, each in one Kafka transaction: its chunks and its offset are committed together
 * ({@code sendOffsetsToTransaction}), so a read_committed reader sees a checkpoint's sets whole or not at all; an event
 * that cannot be processed becomes a dead letter committed with its offset; an event of a run not selected is skipped,
 * its offset committed. Stopping in the middle aborts the transaction and rewinds to the event, so that it is extracted
 * again.
 */
final class TransactionLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Extractor.class); // the service's log category
    private static final Duration POLL = Duration.ofMillis(500);

    /** Thrown from the chunk callback when a stop was asked for. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final ExtractorOptions o;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final EmbeddingJob job;
    private final BooleanSupplier stopRequested;
    private final Counter vectors;
    private final Counter bytes;
    private final Counter checkpoints;
    private final Counter failures;

    TransactionLoop(
            ExtractorOptions o,
            KafkaConsumer<String, byte[]> consumer,
            KafkaProducer<String, byte[]> producer,
            EmbeddingJob job,
            BooleanSupplier stopRequested) {
        this.o = o;
        this.consumer = consumer;
        this.producer = producer;
        this.job = job;
        this.stopRequested = stopRequested;
        MeterRegistry reg = o.registry();
        this.vectors = reg.counter("ftprobe.extractor.vectors");
        this.bytes = reg.counter("ftprobe.extractor.bytes");
        this.checkpoints = reg.counter("ftprobe.extractor.checkpoints");
        // registered at 0 when the service starts: Prometheus' increase() sees no rise in a counter whose first
        // sample is already 1, so a lazily registered counter would hide the first dead letter from the alarm
        this.failures = reg.counter("ftprobe.extractor.failures");
    }

    /** Polls and processes until stopped, or idle for the configured time once partitions are assigned. */
    void run() {
        producer.initTransactions();
        consumer.subscribe(List.of(Topics.CHECKPOINTS.name()));
        long idleSince = System.nanoTime();
        while (!stopRequested.getAsBoolean()) {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            try {
                consumer.poll(POLL).forEach(records::add);
            } catch (WakeupException e) {
                break;
            }
            if (records.isEmpty()) {
                if (o.exitWhenIdle() != null
                        && !consumer.assignment().isEmpty()
                        && System.nanoTime() - idleSince > o.exitWhenIdle().toNanos()) {
                    LOG.info("no checkpoint events for {}; exiting", o.exitWhenIdle());
                    break;
                }
                continue;
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                Processed p = process(r);
                if (p == null) {
                    return; // stopped in the middle; the event is processed again next time
                }
                checkpoints.increment();
                if (p.outcome() == Outcome.DEAD_LETTERED) {
                    failures.increment();
                }
                o.listener().accept(p);
            }
            idleSince = System.nanoTime();
        }
    }

    /** One event in one transaction; null when stopped in the middle (the transaction is aborted). */
    private Processed process(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Map<TopicPartition, OffsetAndMetadata> next = Map.of(tp, new OffsetAndMetadata(r.offset() + 1));
        CheckpointEvent event = null;
        producer.beginTransaction();
        try {
            // checkpoint events are keyed by run id: another run's record is skipped before it is decoded
            boolean selected = o.selects(r.key());
            if (selected) {
                try {
                    event = EventCodecs.CHECKPOINT.decode(r.value());
                } catch (CodecException | InvalidEventException e) {
                    throw new RejectedEvent("undecodable checkpoint event: " + e.getMessage());
                }
            }
            if (!selected || !o.selects(event.runId())) {
                commit(next);
                return new Processed(r.partition(), r.offset(), event, Outcome.SKIPPED, 0, "run not selected");
            }
            long t0 = System.nanoTime();
            long[] sent = new long[2];
            job.run(
                    event,
                    batch -> {
                        byte[] value = EventCodecs.EMBEDDING_BATCH.encode(batch);
                        producer.send(
                                new ProducerRecord<>(Topics.EMBEDDINGS.name(), batch.recordKey(), value), (md, ex) -> {
                                    if (ex == null) {
                                        vectors.increment(batch.count());
                                        bytes.increment(value.length);
                                    }
                                });
                        sent[0] += batch.count();
                        sent[1] += value.length;
                        o.chunkListener().accept(batch);
                        if (stopRequested.getAsBoolean()) {
                            throw new Stopped();
                        }
                    },
                    stopRequested);
            commit(next); // flushes: every chunk is acknowledged before the offset counts
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info(
                    "run {} step {}: {} vectors ({} MB) in {} s, {} vectors/s",
                    event.runId(),
                    event.step(),
                    sent[0],
                    String.format(Locale.ROOT, "%.1f", sent[1] / 1e6),
                    String.format(Locale.ROOT, "%.2f", secs),
                    String.format(Locale.ROOT, "%.0f", sent[0] / secs));
            return new Processed(r.partition(), r.offset(), event, Outcome.EXTRACTED, sent[0], null);
        } catch (Stopped | CancellationException | WakeupException e) {
            producer.abortTransaction();
            consumer.seek(tp, r.offset());
            LOG.info(
                    "stopped during {}-{}@{}; aborted, it will be extracted again",
                    r.topic(),
                    r.partition(),
                    r.offset());
            return null;
        } catch (RejectedEvent | CheckpointUnavailableException | IllegalArgumentException e) {
            producer.abortTransaction();
            String reason = e.getMessage();
            deadLetter(r, reason, next);
            return new Processed(r.partition(), r.offset(), event, Outcome.DEAD_LETTERED, 0, reason);
        }
    }

    /** The event, with the reason, on the dead-letter topic, committed with the event's offset. */
    private void deadLetter(
            ConsumerRecord<String, byte[]> r, String reason, Map<TopicPartition, OffsetAndMetadata> next) {
        LOG.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter dl = DeadLetter.of(
                r.topic(), r.partition(), r.offset(), key, r.value(), reason, Extractor.SERVICE, Instant.now());
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.topic(), EventCodecs.DEAD_LETTER.encode(dl)));
        commit(next);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> next) {
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
    }
}
