package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AnalyzerSettings;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.app.LayerListConverter;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.PerLabelSample;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.LayerList;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.runtime.metrics.MetricsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code ftprobe analyzer} and {@code ftprobe replay} share, and the analyzer they describe. Each value
 * comes from its flag, the environment, the --config file or the default (see {@link Config}); the defaults are the
 * analyzer's own ({@link AnalyzerSettings}, {@link Analyzer}), and every value is checked in {@link #config()}, before
 * anything starts.
 */
public final class AnalyzerOptions {
    /** The HTTP queries of the analyzer service are always served, by default on a free port. */
    static final String DEFAULT_QUERY_PORT = "0";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--bootstrap",
            paramLabel = "B",
            description = "Kafka bootstrap servers (or FTPROBE_BOOTSTRAP, or bootstrap in the --config file).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file (or FTPROBE_CONFIG).")
    String configFile;

    @Option(
            names = "--analysis-id",
            paramLabel = "NAME",
            description = "Names the output topics ftprobe.analysis.NAME.geometry|dynamics and the application id "
                    + "ftprobe-analyzer-NAME. Default: " + Topics.DEFAULT_ANALYSIS_ID + ".")
    String analysisId;

    @Option(
            names = "--layers",
            paramLabel = "all|0,6,12",
            converter = LayerListConverter.class,
            description = "Analyse only these layers. Default: " + LayerList.ALL + ".")
    LayerList layers;

    @Option(
            names = "--splits",
            paramLabel = "TRAIN,TEST",
            description = "The two splits the dynamics compare (their train-vs-test similarity); the geometry of "
                    + "any other split is computed too. Default: " + AnalyzerSettings.DEFAULT_SPLITS + ".")
    String splits;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Kafka Streams state directory. Default: " + Analyzer.DEFAULT_STATE_DIR + ".")
    Path stateDir;

    @Option(names = "--metrics-port", paramLabel = "P", description = "Metrics and health port. Default: a free one.")
    Integer metricsPort;

    @Option(
            names = "--query-port",
            paramLabel = "P",
            description = "Port of the HTTP queries /runs and /runs/{id}/dynamics. Default: a free one.")
    Integer queryPort;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Threads for one set's DirectProbe. Default: the number of cores.")
    Integer parallelism;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            description = "Sets analysed at once (Kafka Streams threads); every (run, task, layer) series is "
                    + "a unit of its own, so up to the number of series help. Default: "
                    + Analyzer.DEFAULT_STREAM_THREADS + ".")
    Integer streamThreads;

    @Option(
            names = "--max-set-minutes",
            paramLabel = "M",
            description = "The longest one set's analysis may take: the stream thread's poll interval and transaction"
                    + " timeout, at most the broker's transaction.max.timeout.ms. A set that takes longer is"
                    + " dead-lettered when it comes again. Default: "
                    + AnalyzerSettings.DEFAULT_MAX_SET_MINUTES + " (Kafka's default maximum).")
    Integer maxSetMinutes;

    @Option(
            names = "--session-timeout",
            paramLabel = "D",
            description = "How long the other instances of this analysis wait for one that stopped (killed, its "
                    + "machine lost) before taking over its partitions, e.g. 10s (Kafka's session.timeout.ms; at "
                    + "least the broker's group.min.session.timeout.ms, 6s by default). Default: Kafka's, 45s.")
    String sessionTimeout;

    @Mixin
    SampleOptions sample = new SampleOptions();

    @Mixin
    TrackingOptions tracking = new TrackingOptions();

    @Mixin
    ProbeOptions probe = new ProbeOptions();

    /**
     * The configuration keys the analyzer reads, each also an environment variable ({@link Config#envName}): what a
     * deployment may set.
     */
    public static Set<String> configKeys() {
        return new AnalyzerOptions().flags().keySet();
    }

    /** These flags by configuration key (null where not given). */
    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap", bootstrap);
        flags.put(Config.CONFIG_FILE_KEY, configFile);
        flags.put("analysis.id", analysisId);
        flags.put("layers", text(layers));
        flags.put("splits", splits);
        flags.put("state.dir", text(stateDir));
        flags.put(ServiceRuntime.METRICS_PORT_KEY, text(metricsPort));
        flags.put("query.port", text(queryPort));
        flags.put("parallelism", text(parallelism));
        flags.put("stream.threads", text(streamThreads));
        flags.put("max.set.minutes", text(maxSetMinutes));
        flags.put("session.timeout", sessionTimeout);
        flags.put("sample.per.label", text(sample.perLabel));
        flags.put("sample.seed", text(sample.seed));
        flags.put("tracking", tracking.tracking);
        flags.put("recluster.every", text(tracking.reclusterEvery));
        flags.put("conventions", tracking.conventions);
        flags.put("probe.steps", probe.steps);
        flags.put("probe.layers", probe.layers);
        flags.put("probe.grid", probe.grid);
        return flags;
    }

    /** The configuration (these flags, the environment, the --config file, the defaults), checked. */
    Config config() {
        Map<String, String> flags = flags();
        Map<String, String> defaults = new HashMap<>(ServiceRuntime.DEFAULTS);
        defaults.put("analysis.id", Topics.DEFAULT_ANALYSIS_ID);
        defaults.put("layers", LayerList.ALL);
        defaults.put("splits", AnalyzerSettings.DEFAULT_SPLITS);
        defaults.put("query.host", Analyzer.DEFAULT_QUERY_HOST);
        defaults.put("query.port", DEFAULT_QUERY_PORT);
        defaults.put("stream.threads", String.valueOf(Analyzer.DEFAULT_STREAM_THREADS));
        defaults.put("max.set.minutes", String.valueOf(AnalyzerSettings.DEFAULT_MAX_SET_TIME.toMinutes()));
        defaults.put("state.dir", Analyzer.DEFAULT_STATE_DIR);
        Config config = Config.load(flags, defaults);
        try {
            // everything a user can give, read once here so that a wrong value stops the command at once
            settings(config);
            geometry(config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
        return config;
    }

    /** The analyzer these options describe, its metrics registered in {@code metrics}. */
    Analyzer analyzer(Config config, MetricsServer metrics) {
        return settings(config)
                .optSetAnalysis(geometry(config).build())
                .optMetrics(metrics)
                .build();
    }

    /** The analyzer's settings but its geometry (which the check in {@link #config()} need not build). */
    private static Analyzer.Builder settings(Config config) {
        Analyzer.Builder b = Analyzer.builder()
                .setBootstrap(config.getString("bootstrap"))
                .optAnalysisId(config.getString("analysis.id"))
                .optLayers(config.getLayers("layers").orElse(List.of()))
                .optStateDir(config.getPath("state.dir"))
                .optQueryPort(config.getString("query.host"), config.getInt("query.port"))
                .optStreamThreads(config.getInt("stream.threads"));
        try {
            b.optMaxSetTime(Duration.ofMinutes(config.getInt("max.set.minutes")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-set-minutes: " + e.getMessage(), e);
        }
        if (config.get("session.timeout").isPresent()) {
            b.optSessionTimeout(config.getDuration("session.timeout"));
        }
        ProbeOptions.apply(
                b,
                config.get("probe.steps").orElse(null),
                config.get("probe.layers").orElse(null),
                config.get("probe.grid").orElse(null));
        try {
            return b.optSplits(splits(config.getString("splits")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--splits: " + e.getMessage(), e);
        }
    }

    private static GeometrySetAnalysis.Builder geometry(Config config) {
        GeometrySetAnalysis.Builder geometry = GeometrySetAnalysis.builder();
        if (config.get("parallelism").isPresent()) {
            geometry.optParallelism(config.getInt("parallelism"));
        }
        TrackingOptions.apply(
                geometry,
                config.get("tracking").orElse(null),
                config.get("recluster.every").isPresent() ? config.getInt("recluster.every") : null,
                config.get("conventions").orElse(null));
        return geometry.optSample(sample(config));
    }

    /** {@code train,test} as a list; the analyzer's settings check that it names two different splits. */
    static List<String> splits(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    /** The per-label sample of this configuration, or null for every point. */
    private static PerLabelSample sample(Config config) {
        return SampleOptions.sample(
                config.get("sample.per.label").isPresent() ? config.getInt("sample.per.label") : null,
                config.get("sample.seed").isPresent() ? config.getLong("sample.seed") : null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
