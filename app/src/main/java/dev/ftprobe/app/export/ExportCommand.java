package dev.ftprobe.app.export;

import dev.ftprobe.analyzer.stream.AssembledSet;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.Config.ConfigException;
import dev.ftprobe.runtime.ServiceRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe export}: one (run, step, probe task, layer)'s sets from the embeddings topic, for other tools. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the given splits of one (run, step, probe task, layer) from the retained embeddings topic",
            "(committed records, up to the end the topic has when it starts), assembled as the analyzer does.",
            "--format directprobe: the original DirectProbe's layout (labels/tags.txt, entities/<split>.txt,",
            "embeddings/<split>.txt), readable by 'ftprobe directprobe --data DIR'. --format npy: <split>.npy",
            "(float32 [n, d]), <split>.labels.npy and <split>.example_ids.npy (int32) and labels.txt (names by id).",
            "Exit 2 when the run, probe task, layer, step or split is missing or a set is incomplete."
        })
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--bootstrap",
            paramLabel = "B",
            description = "Kafka bootstrap servers (or FTPROBE_BOOTSTRAP, or bootstrap in the --config file).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file (or FTPROBE_CONFIG).")
    String configFile;

    @Option(names = "--run", required = true, paramLabel = "R", description = "The run id.")
    String run;

    @Option(names = "--step", required = true, paramLabel = "S", description = "The checkpoint step.")
    long step;

    @Option(names = "--layer", required = true, paramLabel = "L", description = "The layer (0 = embedding output).")
    int layer;

    @Option(
            names = "--probe-task",
            paramLabel = "T",
            description = "The probe task; default: the run's fine-tuning task (from its manifest).")
    String probeTask;

    @Option(
            names = "--split",
            split = ",",
            defaultValue = "train,test",
            paramLabel = "SPLIT",
            description = "The splits, comma-separated; default: ${DEFAULT-VALUE}.")
    List<String> splits;

    @Option(
            names = "--format",
            defaultValue = "directprobe",
            paramLabel = "F",
            description = "directprobe or npy; default: ${DEFAULT-VALUE}.")
    Format format;

    /** The values of --format. */
    enum Format {
        directprobe,
        npy
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output directory.")
    Path out;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "Give up reading the topic after this long (e.g. 30s, 10m). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Map<String, String> flags = new HashMap<>();
            flags.put("bootstrap", bootstrap);
            flags.put(Config.CONFIG_FILE_KEY, configFile);
            flags.put("timeout", timeout);
            Config config = Config.load(flags, ServiceRuntime.DEFAULTS);
            Map<String, AssembledSet> sets = read(config.getString("bootstrap"), config.getDuration("timeout"));
            if (format == Format.npy) {
                NpyFiles.write(out, sets);
            } else {
                DirectProbeLayout.write(out, sets);
            }
            PrintWriter o = spec.commandLine().getOut();
            sets.forEach((split, s) -> o.println(
                    split + ": " + s.size() + " vectors of dimension " + s.dim() + " (" + s.id() + ") -> " + out));
            o.flush();
            return 0;
        } catch (ExportException | ConfigException e) {
            err.println("ftprobe export: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private Map<String, AssembledSet> read(String servers, Duration limit) {
        Optional<RunManifest> manifest = RunLog.manifest(servers, run);
        String task = probeTask;
        if (task == null) {
            if (manifest.isEmpty()) {
                throw new ExportException(
                        EmbeddingsReader.hasRun(servers, run, limit)
                                ? "run " + run + " has no manifest to take its fine-tuning task from: give --probe-task"
                                : "no such run: " + run + " has no manifest and no embeddings");
            }
            task = manifest.get().fineTuningTask();
        }
        String t = task;
        // the manifest's split sizes count the examples of the run's own task only
        Map<String, Integer> expected = manifest.filter(m -> m.fineTuningTask().equals(t))
                .map(RunManifest::splitSizes)
                .orElse(Map.of());
        return EmbeddingsReader.read(servers, new SetRequest(run, step, task, layer, splits), expected, limit);
    }
}
