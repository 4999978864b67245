package dev.ftprobe.extractor;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataFile;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.data.DatasetFingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The probe tasks' examples, loaded as the run loaded its task (PUD split, PS lexcats from the manifest's task
 * settings) and kept for the next checkpoint; for the run's own task the data must have the run's fingerprint.
 */
final class ProbeDatasets {
    private final Path dataDir;
    private final Map<String, TaskDataset> datasets = new HashMap<>();

    ProbeDatasets(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The task's examples for the run; rejects the event when they cannot be loaded or differ from the run's. */
    TaskDataset of(TaskName task, RunManifest manifest) {
        TaskConfig config = config(task, manifest.taskSettings());
        DataSource source = DataSource.of(dataDir);
        boolean own = task.id().equals(manifest.fineTuningTask());
        String key = config + (own ? "|" + manifest.datasetFingerprint() : "");
        TaskDataset cached = datasets.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            List<DataFile> files = TaskLoader.files(task);
            List<Path> paths = source.require(files);
            if (own) {
                String fp = DatasetFingerprint.of(files, paths);
                if (!fp.equals(manifest.datasetFingerprint())) {
                    throw new RejectedEvent("the data of task " + task + " in " + source + " have fingerprint " + fp
                            + " but run " + manifest.runId() + " was trained on " + manifest.datasetFingerprint());
                }
            }
            TaskDataset d = TaskLoader.load(source, config);
            datasets.put(key, d);
            return d;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedEvent r) {
                throw r;
            }
            throw new RejectedEvent("cannot load probe task " + task + " from " + source + ": " + e.getMessage());
        }
    }

    static TaskConfig config(TaskName task, TaskSettings settings) {
        return TaskConfig.builder()
                .setTask(task)
                .optPudTrainFraction(settings.pudTrainFraction())
                .optPudSeed(settings.pudSeed())
                .optPsLexcats(Set.copyOf(settings.psLexcats()))
                .build();
    }
}
