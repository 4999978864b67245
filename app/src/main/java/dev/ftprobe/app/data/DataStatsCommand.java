package dev.ftprobe.app.data;

import dev.ftprobe.tasks.DatasetStats;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskLoader;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataMissingException;
import dev.ftprobe.tasks.data.DataSource;
import dev.ftprobe.tasks.io.MalformedDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ftprobe data stats --task T}: loads a task and prints its splits and labels as JSON. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Load a task and print one JSON object: task, labels (sorted, whole task), and per split "
                    + "the sentences, examples and label counts; labels missing from train are listed under "
                    + "labels_unseen_in_train.",
            "PUD (pos, dep) has no official split: it is split by sentence, by default 80% train / 20% test "
                    + "with seed 42."
        })
public final class DataStatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", required = true, description = "pos, dep, ps-role, ps-fxn or trec")
    String task;

    @Option(
            names = "--data-dir",
            description = "a directory laid out like ../shared/data (default: the download cache)")
    Path dataDir;

    @Option(names = "--cache-dir", description = "the download cache (default: ${DEFAULT-VALUE})")
    Path cacheDir = DataSource.defaultCacheDir();

    @Option(
            names = "--lexcat",
            split = ",",
            description = "ps-role/ps-fxn: keep units of these lexcats (default: P,PRON.POSS,POSS,INF.P; 'P' for "
                    + "prepositions only)")
    List<String> lexcats;

    @Option(
            names = "--pud-train-fraction",
            defaultValue = "0.8",
            description = "pos/dep: share of PUD sentences in train (default: ${DEFAULT-VALUE})")
    double pudTrainFraction;

    @Option(
            names = "--pud-seed",
            defaultValue = "42",
            description = "pos/dep: seed of the PUD split (default: ${DEFAULT-VALUE})")
    long pudSeed;

    @Option(
            names = "--held-out",
            defaultValue = "0",
            description = "carve this share of train sentences into a 'heldout' split (default: none)")
    double heldOut;

    @Option(
            names = "--held-out-seed",
            defaultValue = "42",
            description = "seed of the held-out carve (default: ${DEFAULT-VALUE})")
    long heldOutSeed;

    @Override
    public Integer call() {
        try {
            TaskConfig.Builder b = TaskConfig.builder()
                    .setTask(TaskName.parse(task))
                    .optPudTrainFraction(pudTrainFraction)
                    .optPudSeed(pudSeed)
                    .optHeldOut(heldOut, heldOutSeed);
            if (lexcats != null) {
                b.optPsLexcats(new LinkedHashSet<>(lexcats));
            }
            DataSource source = dataDir != null ? DataSource.dataDir(dataDir) : DataSource.cache(cacheDir);
            TaskDataset dataset = TaskLoader.load(source, b.build());
            spec.commandLine().getOut().println(DatasetStats.toJson(dataset));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (MalformedDataException | DataMissingException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return fail("could not read the data: " + e);
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("ftprobe data stats: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
