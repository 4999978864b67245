package dev.ftprobe.app.run;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AnalyzerSettings;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.app.LayerListConverter;
import dev.ftprobe.app.analyzer.ProbeOptions;
import dev.ftprobe.app.analyzer.SampleOptions;
import dev.ftprobe.app.analyzer.TrackingOptions;
import dev.ftprobe.app.pipeline.RecipeOptions;
import dev.ftprobe.app.pipeline.TrainingOptions;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.LayerList;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.runtime.metrics.MetricsServer;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataFetcher;
import dev.ftprobe.tasks.data.DataMissingException;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.trainer.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code ftprobe run} and {@code ftprobe reproduce} share: the data, the training length, the analysis and the
 * output layout ({@code OUT/kafka}, {@code OUT/checkpoints}, {@code OUT/analyzer-state}), checked before anything
 * starts, and the pipeline they run on. The model and the tasks are each command's own.
 */
final class PipelineOptions {
    /** The extractor's consumer group of both commands: one's checkpoints are not embedded again by the other. */
    static final String EXTRACTOR_GROUP = "ftprobe-run-extractor";

    @Option(
            names = "--data-dir",
            paramLabel = "D",
            description = "Corpora laid out like ../shared/data (default: the download cache, fetched on first use).")
    Path dataDir;

    @Option(
            names = "--max-steps",
            paramLabel = "S",
            defaultValue = "0",
            description = "Stop after S updates (0: no limit).")
    long maxSteps;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "K",
            defaultValue = "25",
            description = "Checkpoint every K steps (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(
            names = "--layers",
            paramLabel = "L",
            defaultValue = LayerList.ALL,
            converter = LayerListConverter.class,
            description = "Layers to analyse: all, or a list like 0,1,2 or 1-12 (default ${DEFAULT-VALUE}).")
    LayerList layers;

    @Option(
            names = "--splits",
            paramLabel = "S",
            defaultValue = AnalyzerSettings.DEFAULT_SPLITS,
            split = ",",
            description = "Splits to embed and analyse, any of each probe task's; the dynamics compare the first two "
                    + "(train-vs-test similarity), any further split gets its geometry only "
                    + "(default ${DEFAULT-VALUE}).")
    List<String> splits;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "out",
            description =
                    "Where the summary, checkpoints, analyzer state and embedded broker go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--bootstrap", paramLabel = "B", description = "Use this Kafka instead of an embedded broker.")
    String bootstrap;

    @Option(
            names = "--analysis-id",
            defaultValue = Topics.DEFAULT_ANALYSIS_ID,
            description = "Default: ${DEFAULT-VALUE}.")
    String analysisId;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Port of /metrics (default: a free one).")
    int metricsPort;

    @Option(
            names = "--query-port",
            defaultValue = "0",
            description = "Port of the analyzer's /runs queries (default: a free one).")
    int queryPort;

    @Option(
            names = "--analyzer-threads",
            paramLabel = "N",
            defaultValue = "" + Analyzer.DEFAULT_STREAM_THREADS,
            description = "Sets the analyzer works on at once; each layer is a series of its own, so up to the "
                    + "number of layers help (default ${DEFAULT-VALUE}).")
    int analyzerThreads;

    /** The max set time with the embedded broker, whose transaction.max.timeout.ms allows it. */
    static final int EMBEDDED_MAX_SET_MINUTES = EmbeddedKafkaBroker.MAX_TRANSACTION_TIMEOUT_MINUTES / 2;

    @Option(
            names = "--max-set-minutes",
            paramLabel = "M",
            description = "The longest one set's analysis may take (a set that takes longer is dead-lettered when it "
                    + "comes again). Default: " + EMBEDDED_MAX_SET_MINUTES + " on the embedded broker, 15 (Kafka's "
                    + "default maximum transaction timeout) with --bootstrap.")
    Integer maxSetMinutes;

    @Mixin
    SampleOptions sample = new SampleOptions();

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Mixin
    RecipeOptions recipe = new RecipeOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    ProbeOptions probe = new ProbeOptions();

    @Option(names = "--offline", description = "Never download data or models.")
    boolean offline;

    /**
     * Checks every flag that needs no data.
     *
     * @throws IllegalArgumentException naming the flag of a bad value
     */
    void check() {
        sample.sample();
        checkSplitPair();
        tracking.apply(GeometrySetAnalysis.builder());
        recipe.apply(Trainer.builder());
        probe.apply(Analyzer.builder());
        if (analyzerThreads < 1) {
            throw new IllegalArgumentException("--analyzer-threads must be at least 1, got " + analyzerThreads);
        }
        maxSetTime();
    }

    /** --max-set-minutes, or its default for where the broker is. */
    private Duration maxSetTime() {
        Duration time = maxSetMinutes != null
                ? Duration.ofMinutes(maxSetMinutes)
                : bootstrap == null
                        ? Duration.ofMinutes(EMBEDDED_MAX_SET_MINUTES)
                        : AnalyzerSettings.DEFAULT_MAX_SET_TIME;
        try {
            AnalyzerSettings.builder().optMaxSetTime(time);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-set-minutes: " + e.getMessage(), e);
        }
        return time;
    }

    /** The dynamics compare the first two splits: there must be two, and different ones. */
    private void checkSplitPair() {
        if (splits.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--splits: a split has no name: " + String.join(",", splits));
        }
        if (splits.size() < 2 || splits.get(0).equals(splits.get(1))) {
            throw new IllegalArgumentException("--splits: the dynamics compare the first two splits (e.g. "
                    + AnalyzerSettings.DEFAULT_SPLITS + "); give two different ones, got " + String.join(",", splits));
        }
    }

    /**
     * Loads the data of every experiment's tasks (fetching the corpora into the cache first when no --data-dir is
     * given) and checks that each probe task has every split of {@code --splits}: the extractor would refuse the
     * checkpoint, and the run would wait for sets that never come.
     *
     * @param experiments each experiment's fine-tuning task and probe tasks
     * @param probeFlag the flag that chose the probe tasks, named in a refusal; null when they are the fine-tuning
     *     tasks alone
     * @throws IllegalArgumentException naming {@code --splits} (and {@code probeFlag}) when a split is missing
     */
    void checkData(List<Experiment> experiments, String probeFlag) throws IOException {
        Set<TaskName> tasks = new LinkedHashSet<>();
        Set<TaskName> probed = new LinkedHashSet<>();
        for (Experiment e : experiments) {
            tasks.add(e.task());
            tasks.addAll(e.probeTasks());
            probed.addAll(e.probeTasks());
        }
        for (TaskName task : tasks) {
            TaskDataset data = loadTask(task);
            List<String> missing =
                    splits.stream().filter(s -> !data.splits().containsKey(s)).toList();
            if (probed.contains(task) && !missing.isEmpty()) {
                throw new IllegalArgumentException(
                        (probeFlag == null ? "--splits: " : "--splits and " + probeFlag + ": probe task ") + task.id()
                                + " has no split " + missing + "; it has " + data.splitNames());
            }
        }
    }

    /** Loads the task, fetching the corpora into the cache first when no --data-dir is given. */
    private TaskDataset loadTask(TaskName taskName) throws IOException {
        TaskConfig config = TaskConfig.of(taskName);
        try {
            return TaskLoader.load(DataSource.of(dataDir), config);
        } catch (DataMissingException e) {
            if (dataDir != null || offline) {
                throw e;
            }
            System.out.println("data      fetching the corpora into " + DataSource.defaultCacheDir());
            DataFetcher.builder()
                    .setCacheDir(DataSource.defaultCacheDir())
                    .build()
                    .fetch();
            return TaskLoader.load(DataSource.of(null), config);
        }
    }

    /** Resolves a downloadable model before anything starts, so that a missing network fails at once. */
    void checkModel(String model) throws IOException {
        if (model.startsWith("hf:")) {
            if (offline) {
                throw new IOException("--offline: " + model + " would be downloaded");
            }
            try {
                ModelSource.parse(model).resolve(new ModelSource.Options());
            } catch (IOException e) {
                // A refused connection or an unknown host often carries no message of its own.
                throw new IOException(
                        "cannot download " + model + ": "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                        e);
            }
        }
    }

    /** The trainer of one experiment, with this command line's training settings. */
    Trainer.Builder trainer(String model, Experiment experiment) {
        Trainer.Builder trainer = Trainer.builder()
                .setModel(model)
                .setTask(experiment.task())
                .setCheckpointDir(out.resolve("checkpoints"))
                .optProbeTasks(experiment.probeTasks())
                .optDataDir(dataDir)
                .optMaxSteps(maxSteps)
                .optCheckpointEvery(checkpointEvery);
        training.apply(trainer);
        recipe.apply(trainer);
        return trainer;
    }

    /** Starts the broker (unless --bootstrap), the analyzer and the extractor that every experiment runs on. */
    PipelineRun start(MetricsServer metrics, PrintStream progress) {
        // The extractor and the analyzer are static group members (one ftprobe run per host and Kafka, as the
        // extractor's transactional id already has it): a run started again after a kill gets their partitions back
        // at once, instead of after the dead members' session timeout.
        Extractor.Builder extractor = Extractor.builder()
                .optDataDir(dataDir)
                .optSplits(splits)
                .optGroupId(EXTRACTOR_GROUP)
                .optStaticMember(true);
        layers.layers().ifPresent(extractor::optLayers);
        Analyzer.Builder analyzer = Analyzer.builder()
                .optAnalysisId(analysisId)
                .optStateDir(out.resolve("analyzer-state"))
                .optQueryPort(Analyzer.DEFAULT_QUERY_HOST, queryPort)
                .optStreamThreads(analyzerThreads)
                .optMaxSetTime(maxSetTime())
                .optStreamsConfig(
                        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                        "ftprobe-run-analyzer-" + Extractor.hostName())
                .optSplits(splits.subList(0, 2))
                .optSetAnalysis(tracking.apply(GeometrySetAnalysis.builder())
                        .optSample(sample.sample())
                        .build());
        layers.layers().ifPresent(analyzer::optLayers);
        probe.apply(analyzer);
        return PipelineRun.start(extractor, analyzer, splits, layers, out, bootstrap, metrics, progress);
    }

    /**
     * The command's service settings: its /metrics port, and how long a stop (SIGTERM, Ctrl-C) may wait for the
     * pipeline ({@link ServiceRuntime#TRAINING_SHUTDOWN_TIMEOUT}, or {@code FTPROBE_SHUTDOWN_TIMEOUT}).
     */
    Config runtimeConfig() {
        Map<String, String> defaults = new HashMap<>(ServiceRuntime.DEFAULTS);
        defaults.put(ServiceRuntime.SHUTDOWN_TIMEOUT_KEY, ServiceRuntime.TRAINING_SHUTDOWN_TIMEOUT);
        Map<String, String> flags = new HashMap<>();
        flags.put(ServiceRuntime.METRICS_PORT_KEY, Integer.toString(metricsPort));
        flags.put(ServiceRuntime.METRICS_HOST_KEY, "127.0.0.1");
        return Config.load(flags, defaults);
    }

    /**
     * Runs one experiment on {@code pipeline} and writes its summary ({@link RunSummary#write}) into {@code summaryDir}
     * of its run id, read while the broker is up.
     *
     * @throws IllegalStateException when the run fails or a probe task has no dynamics
     */
    PipelineRun.Outcome run(
            PipelineRun pipeline, Trainer.Builder trainer, Experiment experiment, Function<String, Path> summaryDir)
            throws IOException, InterruptedException, PipelineRun.StoppedException {
        PipelineRun.Outcome o = pipeline.run(trainer, experiment.probeTasks());
        List<RunSummary> summaries =
                RunSummary.read(pipeline.bootstrap(), analysisId, o.runId(), experiment.probeTaskIds());
        List<String> without = summaries.stream()
                .filter(RunSummary::isEmpty)
                .map(RunSummary::probeTask)
                .toList();
        if (!without.isEmpty()) {
            throw new IllegalStateException("the analyzer committed no dynamics for run " + o.runId()
                    + (summaries.size() == 1 ? "" : " and probe task(s) " + String.join(", ", without)));
        }
        RunSummary.write(summaryDir.apply(o.runId()), summaries);
        return o;
    }
}
