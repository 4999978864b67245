package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.kafka.KafkaConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows committed output (read_committed, from the beginning, no consumer group) and remembers the keys seen on each
 * of its topics, so that callers can wait until given sets or steps are analysed. What it has seen has been committed
 * by the analyzer, so it survives a restart of the analyzer; a broker that is away for a while (restarting) is waited
 * for, as the other clients wait.
 */
final class ResultWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultWatcher.class);

    /** Maps a record of a watched topic to the identifier callers wait for. */
    interface KeyFunction {
        String id(ConsumerRecord<String, byte[]> record);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final KeyFunction keyFunction;
    private final Set<String> seen = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;
    private RuntimeException failure;

    ResultWatcher(String bootstrap, List<String> topics, KeyFunction keyFunction) {
        this.topics = List.copyOf(topics);
        this.keyFunction = keyFunction;
        this.consumer = new KafkaConsumer<>(
                KafkaConfigs.consumer(bootstrap, "ftprobe-analyzer-watcher-" + UUID.randomUUID(), null)
                        .set("group.id", null)
                        .toMap(),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::loop, "analyzer-result-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            Set<TopicPartition> assigned = new HashSet<>();
            while (!closed) {
                List<TopicPartition> all = new ArrayList<>();
                try {
                    for (String t : topics) {
                        List<PartitionInfo> ps = consumer.partitionsFor(t, Duration.ofSeconds(10));
                        if (ps != null) {
                            ps.forEach(p -> all.add(new TopicPartition(t, p.partition())));
                        }
                    }
                } catch (RetriableException e) {
                    // the broker is away (restarting, or the network): wait for it as the other clients do
                    LOG.warn("result watcher: no answer from the broker ({}); trying again", e.getMessage());
                    continue;
                }
                if (!assigned.containsAll(all)) {
                    List<TopicPartition> added =
                            all.stream().filter(p -> !assigned.contains(p)).toList();
                    assigned.addAll(all);
                    consumer.assign(assigned);
                    consumer.seekToBeginning(added);
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = keyFunction.id(r);
                    if (id != null) {
                        synchronized (this) {
                            seen.add(id);
                            notifyAll();
                        }
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("result watcher failed", e);
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until every id has been seen; false on timeout. */
    synchronized boolean await(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.containsAll(ids)) {
            if (failure != null) {
                throw new IllegalStateException("result watcher failed: " + failure.getMessage(), failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized Set<String> seen() {
        return Set.copyOf(seen);
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
