package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.GeometrySetAnalysis;
import dev.ftprobe.runtime.metrics.MetricsServer;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.events.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.ftprobe.geometry.PerLabelSample;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** The options {@code ftprobe analyzer} and {@code ftprobe replay} share, and the analyzer they describe. */
public final class AnalyzerOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(names = "--bootstrap", paramLabel = "B",
            description = "Kafka bootstrap servers (or FTPROBE_BOOTSTRAP, or bootstrap in the --config file).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file (or FTPROBE_CONFIG).")
    String configFile;

    @Option(names = "--analysis-id", paramLabel = "NAME",
            description = "Names the output topics ftprobe.analysis.NAME.geometry|dynamics and the application id "
                    + "ftprobe-analyzer-NAME. Default: " + Topics.DEFAULT_ANALYSIS_ID + ".")
    String analysisId;

    @Option(names = "--layers", paramLabel = "L", split = ",",
            description = "Analyse only these layers (comma-separated or repeated). Default: all.")
    List<Integer> layers = new ArrayList<>();

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory. Default: ~/.ftprobe/analyzer-state.")
    Path stateDir;

    @Option(names = "--metrics-port", paramLabel = "P", description = "Metrics and health port. Default: a free one.")
    Integer metricsPort;

    @Option(names = "--query-port", paramLabel = "P",
            description = "Port of the HTTP queries /runs and /runs/{id}/dynamics. Default: a free one.")
    Integer queryPort;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Threads for one set's DirectProbe. Default: the number of cores.")
    Integer parallelism;

    @Option(names = "--stream-threads", paramLabel = "N",
            description = "Sets analysed at once (Kafka Streams threads); every (run, task, layer) series is "
                    + "a unit of its own, so up to the number of series help. Default: 1.")
    Integer streamThreads;

    @Mixin SampleOptions sample = new SampleOptions();

    /** The configuration: these flags, the environment, the --config file, the defaults. */
    Config config() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap", bootstrap);
        flags.put(Config.CONFIG_FILE_KEY, configFile);
        flags.put("analysis.id", analysisId);
        flags.put("state.dir", stateDir == null ? null : stateDir.toString());
        flags.put(ServiceRuntime.METRICS_PORT_KEY, metricsPort == null ? null : metricsPort.toString());
        flags.put("query.port", queryPort == null ? null : queryPort.toString());
        flags.put("parallelism", parallelism == null ? null : parallelism.toString());
        flags.put("stream.threads", streamThreads == null ? null : streamThreads.toString());
        flags.put("sample.per.label", sample.perLabel == null ? null : sample.perLabel.toString());
        flags.put("sample.seed", sample.seed == null ? null : sample.seed.toString());
        Map<String, String> defaults = new HashMap<>(ServiceRuntime.DEFAULTS);
        defaults.put("analysis.id", Topics.DEFAULT_ANALYSIS_ID);
        defaults.put("query.host", "127.0.0.1");
        defaults.put("query.port", "0");
        defaults.put("stream.threads", "1");
        defaults.put("state.dir", Path.of(System.getProperty("user.home"), ".ftprobe", "analyzer-state").toString());
        Config config = Config.load(flags, defaults);
        try {
            sample(config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
        return config;
    }

    /** The per-label sample of this configuration, or null for every point. */
    private static PerLabelSample sample(Config config) {
        return SampleOptions.sample(
                config.get("sample.per.label").isPresent() ? config.getInt("sample.per.label") : null,
                config.get("sample.seed").isPresent() ? config.getLong("sample.seed") : null);
    }

    /** The analyzer these options describe, its metrics registered in {@code metrics}. */
    Analyzer analyzer(Config config, MetricsServer metrics) {
        GeometrySetAnalysis.Builder geometry = GeometrySetAnalysis.builder();
        if (config.get("parallelism").isPresent()) {
            geometry.optParallelism(config.getInt("parallelism"));
        }
        geometry.optSample(sample(config));
        return Analyzer.builder()
                .setBootstrap(config.getString("bootstrap"))
                .optAnalysisId(config.getString("analysis.id"))
                .optLayers(layers)
                .optStateDir(config.getPath("state.dir"))
                .optSetAnalysis(geometry.build())
                .optMetrics(metrics)
                .optQueryPort(config.getString("query.host"), config.getInt("query.port"))
                .optStreamThreads(config.getInt("stream.threads"))
                .build();
    }
}
