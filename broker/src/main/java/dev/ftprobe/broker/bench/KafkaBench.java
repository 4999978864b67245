package dev.ftprobe.broker.bench;

import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.TopicSpec;
import dev.ftprobe.events.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce-to-consume throughput of {@link EmbeddingBatch} records: one producer sends for the given time while one
 * consumer reads and decodes concurrently; the rate is the vector payload consumed over the time from the first send to
 * the last record consumed. Uses a temporary topic with the embeddings topic's settings, deleted afterwards, on the
 * given cluster or on an embedded broker.
 */
public final class KafkaBench {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBench.class);

    private KafkaBench() {}

    /** Settings of one run. */
    public record Options(
            String bootstrap, Duration duration, String compression, int dim, int vectorsPerRecord, int partitions) {}

    public static Map<String, Object> run(Options o) throws Exception {
        if (o.bootstrap() != null) {
            return run(o, o.bootstrap(), "given");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            return run(o, broker.bootstrapServers(), "embedded");
        }
    }

    private static Map<String, Object> run(Options o, String bootstrap, String brokerKind) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        TopicSpec<String, EmbeddingBatch> spec = new TopicSpec<>(
                Topics.PREFIX + "bench-" + id,
                Topics.EMBEDDINGS.keySerde(),
                Topics.EMBEDDINGS.valueSerde(),
                o.partitions(),
                Topics.EMBEDDINGS.retentionMs(),
                Topics.EMBEDDINGS.maxMessageBytes(),
                Topics.EMBEDDINGS.compression(),
                Topics.EMBEDDINGS.cleanupPolicy(),
                "benchmark");
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            TopicAdmin.createMissing(admin, List.of(spec));
            try {
                return measure(o, bootstrap, brokerKind, spec);
            } finally {
                admin.deleteTopics(List.of(spec.name())).all().get();
            }
        }
    }

    private static Map<String, Object> measure(
            Options o, String bootstrap, String brokerKind, TopicSpec<String, EmbeddingBatch> spec) throws Exception {
        int distinct = 16;
        EmbeddingBatch[] batches = new EmbeddingBatch[distinct];
        for (int i = 0; i < distinct; i++) {
            EmbeddingBatch b = CodecBench.randomBatch(o.dim(), o.vectorsPerRecord(), i, distinct, i);
            // vary the layer so that keys (sets) spread over partitions
            batches[i] = new EmbeddingBatch(
                    b.runId(),
                    b.step(),
                    b.probeTask(),
                    b.split(),
                    i,
                    b.chunkIndex(),
                    b.chunkCount(),
                    b.dim(),
                    b.exampleIds(),
                    b.labelIds(),
                    b.vectors());
        }
        long payload = batches[0].payloadBytes();

        AtomicLong consumed = new AtomicLong();
        AtomicLong lastConsumedNanos = new AtomicLong();
        AtomicLong produced = new AtomicLong(-1);
        AtomicReference<Throwable> consumerError = new AtomicReference<>();
        long deadlineAfterProduce = Duration.ofSeconds(120).toNanos();

        Map<String, Object> cprops = KafkaConfigs.consumer(
                        bootstrap, "ftprobe-bench-consumer", "ftprobe-bench-" + spec.name())
                .toMap();
        Thread consumerThread = new Thread(
                () -> {
                    try (KafkaConsumer<String, EmbeddingBatch> consumer = new KafkaConsumer<>(
                            cprops,
                            spec.keySerde().deserializer(),
                            spec.valueSerde().deserializer())) {
                        // A topic created a moment ago may not be in the metadata yet: wait for its partitions.
                        List<TopicPartition> parts = List.of();
                        long metadataDeadline =
                                System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        while (parts.isEmpty()) {
                            if (System.nanoTime() > metadataDeadline) {
                                throw new IllegalStateException(
                                        "topic " + spec.name() + " has no partitions after 30 s");
                            }
                            parts = consumer.partitionsFor(spec.name(), Duration.ofSeconds(10)).stream()
                                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                                    .toList();
                            if (parts.isEmpty()) {
                                Thread.sleep(100);
                            }
                        }
                        consumer.assign(parts);
                        consumer.seekToBeginning(parts);
                        long producedAt = 0;
                        while (true) {
                            for (ConsumerRecord<String, EmbeddingBatch> r : consumer.poll(Duration.ofMillis(100))) {
                                if (r.value().count() != o.vectorsPerRecord()) {
                                    throw new IllegalStateException("bad record at " + r.offset());
                                }
                                consumed.incrementAndGet();
                                lastConsumedNanos.set(System.nanoTime());
                            }
                            long p = produced.get();
                            if (p >= 0) {
                                if (producedAt == 0) {
                                    producedAt = System.nanoTime();
                                }
                                if (consumed.get() >= p) {
                                    return;
                                }
                                if (System.nanoTime() - producedAt > deadlineAfterProduce) {
                                    throw new IllegalStateException(
                                            "consumer fell behind: " + consumed.get() + " of " + p);
                                }
                            }
                        }
                    } catch (Throwable t) {
                        consumerError.set(t);
                    }
                },
                "bench-consumer");

        Map<String, Object> pprops = KafkaConfigs.producer(bootstrap, "ftprobe-bench-producer")
                .set(ProducerConfig.COMPRESSION_TYPE_CONFIG, o.compression())
                .toMap();
        consumerThread.start();
        long start;
        long sent = 0;
        long produceEnd;
        try (KafkaProducer<String, EmbeddingBatch> producer = new KafkaProducer<>(
                pprops, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
            AtomicReference<Exception> sendError = new AtomicReference<>();
            start = System.nanoTime();
            long end = start + o.duration().toNanos();
            while (System.nanoTime() < end && sendError.get() == null) {
                EmbeddingBatch b = batches[(int) (sent % distinct)];
                producer.send(new ProducerRecord<>(spec.name(), b.setKey(), b), (md, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
                sent++;
            }
            producer.flush();
            produceEnd = System.nanoTime();
            if (sendError.get() != null) {
                throw sendError.get();
            }
        }
        produced.set(sent);
        consumerThread.join();
        if (consumerError.get() != null) {
            throw new IllegalStateException("consumer failed", consumerError.get());
        }
        double seconds = (lastConsumedNanos.get() - start) / 1e9;
        double produceSeconds = (produceEnd - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "kafka");
        out.put("broker", brokerKind);
        out.put("compression", o.compression());
        out.put("dim", o.dim());
        out.put("vectors_per_record", o.vectorsPerRecord());
        out.put("partitions", o.partitions());
        out.put("records", consumed.get());
        out.put("payload_mb", CodecBench.round(consumed.get() * payload / 1e6));
        out.put("seconds", CodecBench.round(seconds));
        out.put("mb_per_s", CodecBench.round(consumed.get() * payload / seconds / 1e6));
        out.put("records_per_s", CodecBench.round(consumed.get() / seconds));
        out.put("produce_mb_per_s", CodecBench.round(sent * payload / produceSeconds / 1e6));
        out.put("note", "vector payload consumed and decoded, from first send to last record consumed");
        LOG.debug("kafka bench: {}", out);
        return out;
    }
}
