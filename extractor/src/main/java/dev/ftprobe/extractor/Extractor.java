package dev.ftprobe.extractor;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.tasks.TaskName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The extractor service: a consumer group over checkpoint events that turns each checkpoint into layer embeddings on
 * the embeddings topic.
 *
 * <p>For each event, in one Kafka transaction: verify the checkpoint file's size and sha256, load it, run the encoder
 * without gradients over every example of each probe task's requested splits (sentences batched), publish each
 * requested layer's vectors as {@link EmbeddingBatch} chunks keyed by {@link EmbeddingBatch#recordKey()} (the run id),
 * and commit the event's offset with the chunks ({@code sendOffsetsToTransaction}). The offset is therefore committed
 * only once every chunk is acknowledged, and a read_committed reader sees a checkpoint's sets whole or not at all; a
 * crash aborts the transaction and the checkpoint is extracted again.
 *
 * <p>An event that cannot be processed (undecodable, file missing or differing from its sha256, no manifest for its
 * run, data that differ from the run's, a sentence longer than the model allows) becomes a {@link DeadLetter} with the
 * reason, committed with its offset, and the extractor goes on.
 *
 * <p>Probe tasks default to each run's fine-tuning task (from its manifest); layers to all of the model's; splits to
 * all of the task's. {@link #stop()} ends {@link #run()} promptly: a checkpoint in progress is aborted and left to the
 * next run.
 */
public final class Extractor {
    public static final String SERVICE = "extractor";
    public static final String DEFAULT_GROUP = "ftprobe-extractor";
    public static final int DEFAULT_BATCH_SENTENCES = 32;
    /** The default chunk size, 0: as many vectors as fit one message ({@code Topics.maxVectorsPerChunk}). */
    public static final int DEFAULT_CHUNK_SIZE = 0;
    /** Kafka brokers' default {@code transaction.max.timeout.ms}: a checkpoint of BERT base may take minutes. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /** One record may take minutes (a checkpoint of BERT base); the group must not evict us meanwhile. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(30);
    /** How long the consumer's close may wait to leave its group (see {@link #run()}). */
    static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** What happened to one checkpoint event. */
    public enum Outcome {
        EXTRACTED,
        DEAD_LETTERED,
        SKIPPED
    }

    /** The result of one checkpoint event; {@code event} is null when it did not decode. */
    public record Processed(
            int partition, long offset, CheckpointEvent event, Outcome outcome, long vectors, String reason) {}

    private final ExtractorOptions o;
    // kept across calls of run(): manifests and datasets do not change under a run id
    private final EmbeddingJob job;
    private volatile boolean stopRequested;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private Extractor(ExtractorOptions o) {
        this.o = o;
        this.job = new EmbeddingJob(o, new ManifestCache(o.bootstrap()), new ProbeDatasets(o.dataDir()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks {@link #run()} to return; safe from any thread. */
    public void stop() {
        stopRequested = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Consumes checkpoint events until stopped (or idle for the configured time). */
    public void run() throws IOException {
        TopicAdmin.createMissing(o.bootstrap());
        MeterRegistry reg = o.registry();
        String instanceId = o.transactionalId() != null ? o.transactionalId() : defaultTransactionalId(o.groupId());
        // the consumer and the producer need client ids of their own: with one id their metrics collide
        Map<String, Object> cprops = KafkaConfigs.consumer(o.bootstrap(), "ftprobe-extractor-consumer", o.groupId())
                .set(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, o.staticMember() ? instanceId : null)
                .set(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .set(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis())
                // idle connections must outlive a poll interval, or a rejoin may find its coordinator gone
                .set(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int)
                        MAX_POLL_INTERVAL.plusMinutes(1).toMillis())
                .toMap();
        Map<String, Object> pprops = KafkaConfigs.transactionalProducer(
                        o.bootstrap(), "ftprobe-extractor-producer", instanceId)
                .set(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis())
                .toMap();
        KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(cprops, new StringDeserializer(), new ByteArrayDeserializer());
        try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(pprops, new StringSerializer(), new ByteArraySerializer());
                KafkaClientMetrics cm = new KafkaClientMetrics(c);
                KafkaClientMetrics pm = new KafkaClientMetrics(producer)) {
            cm.bindTo(reg);
            pm.bindTo(reg);
            consumer = c;
            new TransactionLoop(o, c, producer, job, () -> stopRequested).run();
        } finally {
            consumer = null;
            // A consumer stopped while it joins its group (after a kill, the group waits for the dead member's
            // session to expire) would wait on close for the join, 30 s by default; it holds nothing that needs
            // more than a moment: its offsets are committed with the transactions. A static member leaves too, so
            // that another instance need not wait for its session to expire.
            c.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    private static String defaultTransactionalId(String group) {
        return "ftprobe-extractor-" + group + "-" + hostName();
    }

    /**
     * This machine's name ({@code local} where it cannot be looked up): what makes the extractor's transactional id,
     * and a static member's instance id, one per host.
     */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "local";
        }
    }

    /** The extractor's settings: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private String bootstrap;
        private Path dataDir;
        private List<TaskName> probeTasks = List.of();
        private List<Integer> layers;
        private List<String> splits;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int batchSentences = DEFAULT_BATCH_SENTENCES;
        private String groupId = DEFAULT_GROUP;
        private String transactionalId;
        private boolean staticMember;
        private Set<String> runIds = Set.of();
        private Duration exitWhenIdle;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Consumer<Processed> listener = p -> {};
        private Consumer<EmbeddingBatch> chunkListener = x -> {};

        private Builder() {}

        public Builder setBootstrap(String bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }
        /** The corpora; the download cache when not given. */
        public Builder optDataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }
        /** Probe these tasks instead of each run's fine-tuning task (the cross-task experiment). */
        public Builder optProbeTasks(List<TaskName> tasks) {
            this.probeTasks = List.copyOf(tasks);
            return this;
        }
        /** These layers (0 = embeddings); all of the model's when not given. */
        public Builder optLayers(List<Integer> layers) {
            this.layers = List.copyOf(new LinkedHashSet<>(layers));
            return this;
        }
        /** These splits; all of the task's when not given. */
        public Builder optSplits(List<String> splits) {
            this.splits = List.copyOf(new LinkedHashSet<>(splits));
            return this;
        }
        /** Vectors per chunk, at most (and by default) what fits one message ({@code Topics.maxVectorsPerChunk}). */
        public Builder optChunkSize(int n) {
            this.chunkSize = n;
            return this;
        }
        /** Sentences per forward pass. */
        public Builder optBatchSentences(int n) {
            this.batchSentences = n;
            return this;
        }

        public Builder optGroupId(String group) {
            this.groupId = group;
            return this;
        }
        /**
         * Unique per concurrent instance, stable across restarts; {@code ftprobe-extractor-<group>-<host>} by default.
         */
        public Builder optTransactionalId(String id) {
            this.transactionalId = id;
            return this;
        }
        /**
         * Joins the group as a static member whose {@code group.instance.id} is the transactional id: restarted after a
         * kill, it takes its partitions back at once instead of after the dead member's session timeout (45 s). For an
         * extractor whose instance id is its own (as {@code ftprobe run}'s is); off by default.
         */
        public Builder optStaticMember(boolean on) {
            this.staticMember = on;
            return this;
        }
        /** Extract only these runs (others are skipped and their offsets committed); all runs when empty. */
        public Builder optRunIds(Set<String> ids) {
            this.runIds = Set.copyOf(ids);
            return this;
        }
        /** Return from {@link #run()} after this long without a checkpoint event. */
        public Builder optExitWhenIdle(Duration d) {
            this.exitWhenIdle = d;
            return this;
        }

        public Builder optMeterRegistry(MeterRegistry r) {
            this.registry = r;
            return this;
        }
        /** Called on the extractor's thread after each event is committed. */
        public Builder optListener(Consumer<Processed> l) {
            this.listener = l;
            return this;
        }
        /** Called after each chunk is handed to the producer (not yet committed); for tests and progress. */
        public Builder optChunkListener(Consumer<EmbeddingBatch> l) {
            this.chunkListener = l;
            return this;
        }

        public Extractor build() {
            Objects.requireNonNull(bootstrap, "bootstrap is required: call setBootstrap");
            if (chunkSize < 0) {
                throw new IllegalArgumentException("chunk size must be >= 1, was " + chunkSize);
            }
            if (batchSentences < 1) {
                throw new IllegalArgumentException("batch must be >= 1 sentence, was " + batchSentences);
            }
            if (layers != null) {
                layers.forEach(l -> {
                    if (l < 0) {
                        throw new IllegalArgumentException("layer must be >= 0, was " + l);
                    }
                });
            }
            return new Extractor(new ExtractorOptions(
                    bootstrap,
                    dataDir,
                    probeTasks,
                    layers,
                    splits,
                    chunkSize,
                    batchSentences,
                    groupId,
                    transactionalId,
                    staticMember,
                    runIds,
                    exitWhenIdle,
                    registry,
                    listener,
                    chunkListener));
        }
    }
}
