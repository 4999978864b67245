package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ftprobe analyzer}: the analyzer service, until SIGTERM. */
@Command(
        name = "analyzer",
        mixinStandardHelpOptions = true,
        subcommands = AnalyzerBenchCommand.class,
        description = {
            "Runs the analyzer (a Kafka Streams application) until interrupted: assembles the embedding sets,",
            "runs DirectProbe on each, and publishes the geometry per set and the dynamics per run, task and layer",
            "to ftprobe.analysis.<id>.geometry and .dynamics. Prints one JSON line with where its metrics and",
            "queries are served."
        })
public final class AnalyzerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AnalyzerOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.config();
        ServiceRuntime runtime = ServiceRuntime.start("analyzer", config);
        Analyzer analyzer;
        try {
            analyzer = options.analyzer(config, runtime.metrics());
            runtime.register("analyzer", analyzer);
            analyzer.start();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        runtime.setReadiness(analyzer::isRunning);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("analysisId", analyzer.settings().analysisId());
        line.put("applicationId", analyzer.settings().applicationId());
        line.put("geometryTopic", analyzer.settings().geometryTopic());
        line.put("dynamicsTopic", analyzer.settings().dynamicsTopic());
        line.put("metrics", runtime.metrics().baseUri() + "/metrics");
        line.put("queries", analyzer.queryUri().map(u -> u + "/runs").orElse(null));
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonCodec.mapper().writeValueAsString(line));
        out.flush();
        runtime.awaitShutdown();
        return 0;
    }
}
