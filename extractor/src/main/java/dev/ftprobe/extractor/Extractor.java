package dev.ftprobe.extractor;

import dev.ftprobe.tasks.SentenceExamples;
import dev.ftprobe.tasks.data.DatasetFingerprint;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.InvalidEventException;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.Split;
import dev.ftprobe.tasks.TargetKind;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.checkpoint.CheckpointUnavailableException;
import dev.ftprobe.events.topics.RunLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extractor service: a consumer group over checkpoint events that turns each checkpoint into
 * layer embeddings on the embeddings topic.
 *
 * <p>For each event, in one Kafka transaction: verify the checkpoint file's size and sha256, load
 * it, run the encoder without gradients over every example of each probe task's requested splits
 * (sentences batched), publish each requested layer's vectors as {@link EmbeddingBatch} chunks keyed
 * by {@link EmbeddingBatch#recordKey()} (the run id), and commit the event's offset with the chunks
 * ({@code sendOffsetsToTransaction}). The offset is therefore committed only once every chunk is
 * acknowledged, and a read_committed reader sees a checkpoint's sets whole or not at all; a crash
 * aborts the transaction and the checkpoint is extracted again.
 *
 * <p>An event that cannot be processed (undecodable, file missing or differing from its sha256, no
 * manifest for its run, data that differ from the run's, a sentence longer than the model allows)
 * becomes a {@link DeadLetter} with the reason, committed with its offset, and the extractor goes on.
 *
 * <p>Probe tasks default to each run's fine-tuning task (from its manifest); layers to all of the
 * model's; splits to all of the task's. {@link #stop()} ends {@link #run()} promptly: a checkpoint in
 * progress is aborted and left to the next run.
 */
public final class Extractor {
    private static final Logger LOG = LoggerFactory.getLogger(Extractor.class);
    public static final String SERVICE = "extractor";
    public static final String DEFAULT_GROUP = "ftprobe-extractor";
    public static final int DEFAULT_BATCH_SENTENCES = 32;
    /** Kafka brokers' default {@code transaction.max.timeout.ms}: a checkpoint of BERT base may take minutes. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** What happened to one checkpoint event. */
    public enum Outcome { EXTRACTED, DEAD_LETTERED, SKIPPED }

    /** The result of one checkpoint event; {@code event} is null when it did not decode. */
    public record Processed(int partition, long offset, CheckpointEvent event, Outcome outcome, long vectors,
            String reason) {}

    private final Builder b;
    private volatile boolean stopRequested;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Map<String, RunManifest> manifests = new HashMap<>();
    private final Map<String, TaskDataset> datasets = new HashMap<>();

    private Extractor(Builder b) {
        this.b = b;
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

    /** Thrown inside a transaction when {@link #stop()} was asked for. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A checkpoint event that cannot be processed: goes to the dead-letter topic. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /** Consumes checkpoint events until stopped (or idle for the configured time). */
    public void run() throws IOException {
        TopicAdmin.createMissing(b.bootstrap);
        MeterRegistry reg = b.registry;
        Counter vectors = reg.counter("ftprobe.extractor.vectors");
        Counter bytes = reg.counter("ftprobe.extractor.bytes");
        Counter checkpoints = reg.counter("ftprobe.extractor.checkpoints");
        // the consumer and the producer need client ids of their own: with one id their metrics collide
        Map<String, Object> cprops = KafkaConfigs.consumer(b.bootstrap, "ftprobe-extractor-consumer", b.groupId)
                .set(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                // one record may take minutes (a checkpoint of BERT base); the group must not evict us meanwhile
                .set(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis())
                // idle connections must outlive a poll interval, or a rejoin may find its coordinator gone
                .set(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) Duration.ofMinutes(31).toMillis())
                .toMap();
        Map<String, Object> pprops = KafkaConfigs.transactionalProducer(b.bootstrap, "ftprobe-extractor-producer",
                        b.transactionalId != null ? b.transactionalId : defaultTransactionalId(b.groupId))
                .set(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) b.transactionTimeout.toMillis())
                .toMap();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cprops, new StringDeserializer(),
                        new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pprops, new StringSerializer(),
                        new ByteArraySerializer());
                KafkaClientMetrics cm = new KafkaClientMetrics(c);
                KafkaClientMetrics pm = new KafkaClientMetrics(producer)) {
            cm.bindTo(reg);
            pm.bindTo(reg);
            consumer = c;
            producer.initTransactions();
            c.subscribe(List.of(Topics.CHECKPOINTS.name()));
            long idleSince = System.nanoTime();
            while (!stopRequested) {
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                try {
                    c.poll(Duration.ofMillis(500)).forEach(records::add);
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) {
                    if (b.exitWhenIdle != null && !c.assignment().isEmpty()
                            && System.nanoTime() - idleSince > b.exitWhenIdle.toNanos()) {
                        LOG.info("no checkpoint events for {}; exiting", b.exitWhenIdle);
                        break;
                    }
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    Processed p = process(r, c, producer, vectors, bytes);
                    if (p == null) {
                        return; // stopped in the middle; the event is processed again next time
                    }
                    checkpoints.increment();
                    if (p.outcome() == Outcome.DEAD_LETTERED) {
                        reg.counter("ftprobe.extractor.failures").increment();
                    }
                    b.listener.accept(p);
                }
                idleSince = System.nanoTime();
            }
        } finally {
            consumer = null;
        }
    }

    /** One event in one transaction; null when stopped in the middle (the transaction is aborted). */
    private Processed process(ConsumerRecord<String, byte[]> r, KafkaConsumer<String, byte[]> c,
            KafkaProducer<String, byte[]> producer, Counter vectors, Counter bytes) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Map<TopicPartition, OffsetAndMetadata> next = Map.of(tp, new OffsetAndMetadata(r.offset() + 1));
        CheckpointEvent event = null;
        producer.beginTransaction();
        try {
            // checkpoint events are keyed by run id: another run's record is skipped before it is decoded
            boolean selected = b.runIds.isEmpty() || b.runIds.contains(r.key());
            if (selected) {
                try {
                    event = EventCodecs.CHECKPOINT.decode(r.value());
                } catch (CodecException | InvalidEventException e) {
                    throw new Rejected("undecodable checkpoint event: " + e.getMessage());
                }
            }
            if (!selected || !b.runIds.isEmpty() && !b.runIds.contains(event.runId())) {
                producer.sendOffsetsToTransaction(next, c.groupMetadata());
                producer.commitTransaction();
                return new Processed(r.partition(), r.offset(), event, Outcome.SKIPPED, 0, "run not selected");
            }
            long t0 = System.nanoTime();
            long[] sent = new long[2];
            extract(event, batch -> {
                byte[] value = EventCodecs.EMBEDDING_BATCH.encode(batch);
                producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), batch.recordKey(), value), (md, ex) -> {
                    if (ex == null) {
                        vectors.increment(batch.count());
                        bytes.increment(value.length);
                    }
                });
                sent[0] += batch.count();
                sent[1] += value.length;
                b.chunkListener.accept(batch);
                if (stopRequested) {
                    throw new Stopped();
                }
            });
            producer.sendOffsetsToTransaction(next, c.groupMetadata());
            producer.commitTransaction(); // flushes: every chunk is acknowledged before the offset counts
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("run {} step {}: {} vectors ({} MB) in {} s, {} vectors/s", event.runId(), event.step(), sent[0],
                    String.format(java.util.Locale.ROOT, "%.1f", sent[1] / 1e6),
                    String.format(java.util.Locale.ROOT, "%.2f", secs),
                    String.format(java.util.Locale.ROOT, "%.0f", sent[0] / secs));
            return new Processed(r.partition(), r.offset(), event, Outcome.EXTRACTED, sent[0], null);
        } catch (Stopped | WakeupException e) {
            producer.abortTransaction();
            c.seek(tp, r.offset());
            LOG.info("stopped during {}-{}@{}; aborted, it will be extracted again", r.topic(), r.partition(),
                    r.offset());
            return null;
        } catch (Rejected | CheckpointUnavailableException | IllegalArgumentException e) {
            producer.abortTransaction();
            String reason = e.getMessage();
            LOG.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
            DeadLetter dl = DeadLetter.of(r.topic(), r.partition(), r.offset(),
                    r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value(), reason, SERVICE,
                    Instant.now());
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.topic(),
                    EventCodecs.DEAD_LETTER.encode(dl)));
            producer.sendOffsetsToTransaction(next, c.groupMetadata());
            producer.commitTransaction();
            return new Processed(r.partition(), r.offset(), event, Outcome.DEAD_LETTERED, 0, reason);
        }
    }

    /** Embeds every probe task's requested splits and layers for one checkpoint, chunk by chunk. */
    private void extract(CheckpointEvent event, Consumer<EmbeddingBatch> out) {
        RunManifest manifest = manifest(event.runId());
        List<TaskName> probeTasks = new ArrayList<>();
        if (b.probeTasks.isEmpty()) {
            manifest.probeTasks().forEach(t -> probeTasks.add(TaskName.parse(t)));
        } else {
            probeTasks.addAll(b.probeTasks);
        }
        int[] layers = b.layers != null ? b.layers.stream().mapToInt(Integer::intValue).toArray()
                : manifest.layers().stream().mapToInt(Integer::intValue).toArray();
        for (int l : layers) {
            if (!manifest.layers().contains(l)) {
                throw new Rejected("layer " + l + " is not one of run " + event.runId() + "'s layers "
                        + manifest.layers());
            }
        }
        try (BertModel model = BertModel.of(CheckpointStore.read(URI.create(event.checkpointUri()), event.sha256(),
                event.sizeBytes()))) {
            for (TaskName task : probeTasks) {
                TaskDataset data = dataset(task, manifest);
                List<String> splits = b.splits != null ? b.splits : data.splitNames();
                for (String split : splits) {
                    if (!data.splits().containsKey(split)) {
                        throw new Rejected("probe task " + task + " has no split '" + split + "'; it has "
                                + data.splitNames());
                    }
                    extractSplit(model, event, task, data.targetKind(), split, data.split(split), layers, out);
                }
            }
        }
    }

    private void extractSplit(BertModel model, CheckpointEvent event, TaskName task, TargetKind kind,
            String splitName, Split split, int[] layers, Consumer<EmbeddingBatch> out) {
        int h = model.config().hiddenSize();
        int dim = kind == TargetKind.WORD_PAIR ? 2 * h : h;
        int max = Topics.maxVectorsPerChunk(dim);
        int chunkSize = b.chunkSize > 0 ? Math.min(b.chunkSize, max) : max;
        List<Example> examples = split.examples();
        int n = examples.size();
        SetWriter[] writers = new SetWriter[layers.length];
        for (int li = 0; li < layers.length; li++) {
            writers[li] = new SetWriter(event.runId(), event.step(), task.id(), splitName, layers[li], dim, n,
                    chunkSize, out);
        }
        List<SentenceExamples> sentences = SentenceExamples.group(examples);
        int maxLen = model.config().maxPositions();
        int index = 0;
        for (int from = 0; from < sentences.size(); from += b.batchSentences) {
            List<SentenceExamples> batch = sentences.subList(from,
                    Math.min(sentences.size(), from + b.batchSentences));
            List<Encoding> enc = new ArrayList<>(batch.size());
            List<List<dev.ftprobe.model.Target>> targets = new ArrayList<>(batch.size());
            List<Example> flat = new ArrayList<>();
            for (SentenceExamples s : batch) {
                try {
                    enc.add(model.tokenizer().encodeWords(s.words(), maxLen, WordPieceTokenizer.Overflow.FAIL));
                } catch (WordPieceTokenizer.SequenceTooLongException e) {
                    throw new Rejected("probe task " + task + " split " + splitName + " sentence " + s.sentenceId()
                            + ": " + e.getMessage());
                }
                targets.add(s.examples().stream().map(e -> Target.of(e.target().word(), e.target().head())).toList());
                flat.addAll(s.examples());
            }
            float[][][] v = model.targetVectors(enc, targets, layers);
            for (int k = 0; k < flat.size(); k++) {
                Example e = flat.get(k);
                int remaining = n - index - 1;
                for (int li = 0; li < layers.length; li++) {
                    writers[li].add(index, e.labelId(), v[li][k], remaining);
                }
                index++;
            }
        }
        for (SetWriter w : writers) {
            w.finish();
        }
    }

    private RunManifest manifest(String runId) {
        RunManifest m = manifests.get(runId);
        if (m == null) {
            manifests.putAll(RunLog.manifests(b.bootstrap));
            m = manifests.get(runId);
        }
        if (m == null) {
            throw new Rejected("no manifest for run " + runId + " on " + Topics.RUNS.name());
        }
        return m;
    }

    /**
     * The probe task's examples, loaded as the run loaded its task (PUD split, PS lexcats from the
     * manifest); for the run's own task the data must have the run's fingerprint.
     */
    private TaskDataset dataset(TaskName task, RunManifest manifest) {
        Map<String, String> hp = manifest.hyperparameters();
        TaskConfig.Builder cb = TaskConfig.builder().setTask(task);
        if (hp.containsKey("pud_train_fraction")) {
            cb.optPudTrainFraction(Double.parseDouble(hp.get("pud_train_fraction")));
        }
        if (hp.containsKey("pud_seed")) {
            cb.optPudSeed(Long.parseLong(hp.get("pud_seed")));
        }
        if (hp.containsKey("ps_lexcats")) {
            cb.optPsLexcats(Set.of(hp.get("ps_lexcats").split(",")));
        }
        TaskConfig config = cb.build();
        DataSource source = DataSource.of(b.dataDir);
        boolean own = task.id().equals(manifest.fineTuningTask());
        String key = config + (own ? "|" + manifest.datasetFingerprint() : "");
        TaskDataset cached = datasets.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            var files = TaskLoader.files(task);
            var paths = source.require(files);
            if (own) {
                String fp = DatasetFingerprint.of(files, paths);
                if (!fp.equals(manifest.datasetFingerprint())) {
                    throw new Rejected("the data of task " + task + " in " + source + " have fingerprint " + fp
                            + " but run " + manifest.runId() + " was trained on " + manifest.datasetFingerprint());
                }
            }
            TaskDataset d = TaskLoader.load(source, config);
            datasets.put(key, d);
            return d;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Rejected r) {
                throw r;
            }
            throw new Rejected("cannot load probe task " + task + " from " + source + ": " + e.getMessage());
        }
    }

    private static String defaultTransactionalId(String group) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "local";
        }
        return "ftprobe-extractor-" + group + "-" + host;
    }

    /** The extractor's settings: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private String bootstrap;
        private Path dataDir;
        private List<TaskName> probeTasks = List.of();
        private List<Integer> layers;
        private List<String> splits;
        private int chunkSize;
        private int batchSentences = DEFAULT_BATCH_SENTENCES;
        private String groupId = DEFAULT_GROUP;
        private String transactionalId;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private Set<String> runIds = Set.of();
        private Duration exitWhenIdle;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Consumer<Processed> listener = p -> {};
        private Consumer<EmbeddingBatch> chunkListener = x -> {};

        private Builder() {}

        public Builder setBootstrap(String bootstrap) { this.bootstrap = bootstrap; return this; }
        /** The corpora; the download cache when not given. */
        public Builder optDataDir(Path dir) { this.dataDir = dir; return this; }
        /** Probe these tasks instead of each run's fine-tuning task (the cross-task experiment). */
        public Builder optProbeTasks(List<TaskName> tasks) { this.probeTasks = List.copyOf(tasks); return this; }
        /** These layers (0 = embeddings); all of the model's when not given. */
        public Builder optLayers(List<Integer> layers) { this.layers = List.copyOf(new LinkedHashSet<>(layers)); return this; }
        /** These splits; all of the task's when not given. */
        public Builder optSplits(List<String> splits) { this.splits = List.copyOf(new LinkedHashSet<>(splits)); return this; }
        /** Vectors per chunk, at most (and by default) what fits one message ({@code Topics.maxVectorsPerChunk}). */
        public Builder optChunkSize(int n) { this.chunkSize = n; return this; }
        /** Sentences per forward pass. */
        public Builder optBatchSentences(int n) { this.batchSentences = n; return this; }
        public Builder optGroupId(String group) { this.groupId = group; return this; }
        /** Unique per concurrent instance, stable across restarts; {@code ftprobe-extractor-<group>-<host>} by default. */
        public Builder optTransactionalId(String id) { this.transactionalId = id; return this; }
        public Builder optTransactionTimeout(Duration d) { this.transactionTimeout = d; return this; }
        /** Extract only these runs (others are skipped and their offsets committed); all runs when empty. */
        public Builder optRunIds(Set<String> ids) { this.runIds = Set.copyOf(ids); return this; }
        /** Return from {@link #run()} after this long without a checkpoint event. */
        public Builder optExitWhenIdle(Duration d) { this.exitWhenIdle = d; return this; }
        public Builder optMeterRegistry(MeterRegistry r) { this.registry = r; return this; }
        /** Called on the extractor's thread after each event is committed. */
        public Builder optListener(Consumer<Processed> l) { this.listener = l; return this; }
        /** Called after each chunk is handed to the producer (not yet committed); for tests and progress. */
        public Builder optChunkListener(Consumer<EmbeddingBatch> l) { this.chunkListener = l; return this; }

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
            return new Extractor(this);
        }
    }
}
