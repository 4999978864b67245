package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe replay}: the retained embeddings analysed again, from the beginning, under a new analysis id. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Analyses the retained embeddings topic again from the beginning under a new analysis id (a new",
            "application id, so no offsets or state are shared), e.g. with other layers, and writes the results",
            "beside the old ones in ftprobe.analysis.<id>.*. Stops once it has processed everything that was on",
            "the topic when it started, and prints one JSON line. The same input and settings give byte-identical",
            "results. Refuses an analysis id that already has output topics."
        })
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AnalyzerOptions options;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "6h",
            description = "Give up after this long (e.g. 30m, 6h). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Override
    public Integer call() throws Exception {
        Config config = options.config();
        String id = config.getString("analysis.id");
        if (config.source("analysis.id").orElse(Config.Source.DEFAULT) == Config.Source.DEFAULT) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "replay needs --analysis-id NAME: a new id, so that the results go beside the old ones");
        }
        Duration limit = Config.load(Map.of("timeout", timeout), Map.of()).getDuration("timeout");
        List<TopicAdmin.TopicState> outputs =
                TopicAdmin.describe(config.getString("bootstrap"), Topics.analysisTopics(id));
        if (outputs.stream().anyMatch(TopicAdmin.TopicState::exists)) {
            spec.commandLine()
                    .getErr()
                    .println("ftprobe replay: analysis " + id + " already has output topics ("
                            + Topics.analysisTopicName(id, Topics.AnalysisOutput.GEOMETRY)
                            + "); choose a new --analysis-id");
            return 2;
        }
        long t0 = System.nanoTime();
        boolean done;
        Map<TopicPartition, Long> end;
        try (ServiceRuntime runtime = ServiceRuntime.start("replay", config);
                Analyzer analyzer = options.analyzer(config, runtime.metrics())) {
            // a stop (SIGTERM, Ctrl-C) closes the analyzer before the JVM exits: its transaction is aborted
            runtime.register("analyzer", analyzer);
            end = analyzer.embeddingsEndOffsets();
            analyzer.start();
            runtime.setReadiness(analyzer::isRunning);
            done = analyzer.awaitProcessed(end, limit);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("analysisId", id);
        line.put("caughtUp", done);
        line.put(
                "embeddingsOffsets",
                end.values().stream().mapToLong(Long::longValue).sum());
        line.put("geometryTopic", Topics.analysisTopicName(id, Topics.AnalysisOutput.GEOMETRY));
        line.put("dynamicsTopic", Topics.analysisTopicName(id, Topics.AnalysisOutput.DYNAMICS));
        line.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonCodec.mapper().writeValueAsString(line));
        out.flush();
        return done ? 0 : 1;
    }
}
