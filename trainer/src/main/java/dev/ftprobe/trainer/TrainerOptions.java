package dev.ftprobe.trainer;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.model.train.WordPooling;
import dev.ftprobe.tasks.TaskName;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trainer's options as {@link Trainer.Builder#build()} validated and copied them; see the builder for each one's
 * meaning. {@code runId}, {@code epochs}, {@code checkpointEvery}, {@code dataDir}, {@code vocab} and {@code dropout}
 * are null when not given (their defaults depend on the data or the model); {@code probeTasks} is never empty.
 */
record TrainerOptions(
        String bootstrap,
        String modelSpec,
        TaskName task,
        List<TaskName> probeTasks,
        Path checkpointDir,
        Path dataDir,
        String runId,
        Integer epochs,
        long maxSteps,
        double learningRate,
        int batchSize,
        double warmup,
        int maxSeqLen,
        long seed,
        Integer checkpointEvery,
        Path vocab,
        double maxGradNorm,
        Double dropout,
        WordPooling wordPooling,
        boolean evaluate,
        MeterRegistry registry,
        Consumer<CheckpointEvent> listener) {}
