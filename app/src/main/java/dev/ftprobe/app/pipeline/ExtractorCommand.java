package dev.ftprobe.app.pipeline;

import dev.ftprobe.app.LayerListConverter;
import dev.ftprobe.app.TaskList;
import dev.ftprobe.app.TaskListConverter;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.LayerList;
import dev.ftprobe.runtime.ServiceRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe extractor}: turns checkpoint events into layer embeddings. */
@Command(
        name = "extractor",
        mixinStandardHelpOptions = true,
        description = "Consumes checkpoint events (a consumer group) and publishes, for each, the vectors of "
                + "every requested layer of every probe task's splits as EmbeddingBatch chunks; chunks and "
                + "the event's offset are committed in one transaction. A missing or corrupt checkpoint goes "
                + "to the dead-letter topic. Runs until interrupted (or --exit-when-idle).")
public final class ExtractorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--data-dir",
            paramLabel = "D",
            description = "Corpora laid out like ../shared/data (default: the download cache).")
    Path dataDir;

    @Option(
            names = "--probe-tasks",
            paramLabel = "T1,T2",
            converter = TaskListConverter.class,
            description = "Probe these tasks (default: each run's probe tasks, from its manifest).")
    TaskList probeTasks;

    @Option(
            names = "--layers",
            defaultValue = LayerList.ALL,
            paramLabel = "all|0,6,12",
            converter = LayerListConverter.class,
            description = "Layers to extract, 0 = embeddings (default ${DEFAULT-VALUE}).")
    LayerList layers;

    @Option(names = "--splits", split = ",", paramLabel = "S1,S2", description = "Splits (default: all of the task's).")
    List<String> splits;

    @Option(
            names = "--chunk-size",
            paramLabel = "N",
            defaultValue = "" + Extractor.DEFAULT_CHUNK_SIZE,
            description = "Vectors per chunk (default and maximum: what fits one message).")
    int chunkSize;

    @Option(
            names = "--group",
            defaultValue = Extractor.DEFAULT_GROUP,
            description = "Consumer group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(
            names = "--transactional-id",
            paramLabel = "ID",
            description = "Unique per running instance, stable across its restarts (default: "
                    + "ftprobe-extractor-<group>-<host>).")
    String transactionalId;

    @Option(names = "--run", paramLabel = "ID", description = "Extract only this run (repeatable; default: all runs).")
    List<String> runs = new ArrayList<>();

    @Option(
            names = "--batch",
            defaultValue = "" + Extractor.DEFAULT_BATCH_SENTENCES,
            description = "Sentences per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--exit-when-idle",
            paramLabel = "DURATION",
            description = "Exit after this long without checkpoint events, e.g. 30s (default: run until interrupted).")
    String exitWhenIdle;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Config config = service.config();
            Extractor.Builder b = Extractor.builder()
                    .setBootstrap(config.getString("bootstrap"))
                    .optDataDir(dataDir)
                    .optProbeTasks(probeTasks == null ? List.of() : probeTasks.tasks())
                    .optChunkSize(chunkSize)
                    .optGroupId(group)
                    .optTransactionalId(transactionalId)
                    .optRunIds(new HashSet<>(runs))
                    .optBatchSentences(batch);
            layers.layers().ifPresent(b::optLayers);
            if (splits != null) {
                b.optSplits(splits);
            }
            if (exitWhenIdle != null) {
                Config d = Config.load(Map.of("idle", exitWhenIdle), Map.of());
                Duration idle = d.getDuration("idle");
                b.optExitWhenIdle(idle);
            }
            try (ServiceRuntime rt = ServiceRuntime.start(Extractor.SERVICE, config)) {
                Extractor extractor = b.optMeterRegistry(rt.registry()).build();
                rt.setReadiness(() -> true);
                rt.setStopMessage("ftprobe extractor: stopped; a checkpoint in progress was aborted and is "
                        + "extracted again when the extractor is restarted");
                rt.run("extractor", extractor::stop, () -> {
                    extractor.run();
                    return null;
                });
                return 0;
            }
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("ftprobe extractor: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
