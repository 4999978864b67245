package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.kafka.KafkaConfigs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether an application has processed a topic up to given offsets (e.g. its end when a replay started). The committed
 * offset may stop short of such an offset only by transaction markers, which no consumer sees; so what lies between the
 * committed offset and the target is read (read_committed) and counts as processed when it holds no record.
 */
final class CatchUp implements AutoCloseable {
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String groupId;

    CatchUp(String bootstrap, Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
        this.consumer = new KafkaConsumer<>(
                KafkaConfigs.consumer(bootstrap, groupId + "-catch-up", null)
                        .set("group.id", null)
                        .toMap(),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The current end offsets of every partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        List<PartitionInfo> ps = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return consumer.endOffsets(
                ps.stream().map(p -> new TopicPartition(topic, p.partition())).toList(), Duration.ofSeconds(30));
    }

    /** True when the group has processed every partition up to its target. */
    boolean caughtUp(Map<TopicPartition, Long> targets) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            OffsetAndMetadata c = committed.get(t.getKey());
            long at = c == null ? 0 : c.offset();
            if (at < t.getValue()) {
                from.put(t.getKey(), at);
            }
        }
        for (Map.Entry<TopicPartition, Long> f : from.entrySet()) {
            if (!onlyMarkersBetween(f.getKey(), f.getValue(), targets.get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private boolean onlyMarkersBetween(TopicPartition tp, long from, long to) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (consumer.position(tp) < to && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> rs = consumer.poll(Duration.ofMillis(200));
            for (var r : rs) {
                if (r.offset() < to) {
                    return false;
                }
            }
        }
        return consumer.position(tp) >= to;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
