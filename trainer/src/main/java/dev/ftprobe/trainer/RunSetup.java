package dev.ftprobe.trainer;

import dev.ftprobe.events.CodeVersion;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.SettingsEncoding;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.model.BertConfig;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.train.FineTuningRecipe;
import dev.ftprobe.model.train.HeadEvaluation;
import dev.ftprobe.model.train.LinearSchedule;
import dev.ftprobe.tasks.Split;
import dev.ftprobe.tasks.TaskConfig;
import dev.ftprobe.tasks.TaskDataset;
import dev.ftprobe.tasks.TaskName;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A run's settings, derived once from the trainer's options, the data and the model: the training plan, the
 * learning-rate schedule, the recipe, the evaluation sets (test, and dev where the task has one, under the training
 * length rule), the typed settings and the manifest (with the default run id).
 */
record RunSetup(
        TrainingPlan plan,
        LinearSchedule schedule,
        FineTuningRecipe recipe,
        Map<String, List<HeadEvaluation.Sentence>> evalSets,
        TrainingSettings training,
        RunManifest manifest) {
    /** {@link dev.ftprobe.model.train.FineTuner}'s optimizer: HF's AdamW, weight decay 0. */
    static final String OPTIMIZER = "adamw(0.9,0.999,1e-8,wd=0)";
    /** The splits evaluated at each checkpoint, where the task has them. */
    static final List<String> EVAL_SPLITS = List.of(Split.DEV, Split.TEST);
    /** {@link LinearSchedule}: linear warm-up to the peak, then linear decay to 0. */
    static final String SCHEDULE = "linear-warmup-decay";

    static RunSetup of(
            TrainerOptions o,
            TaskDataset data,
            TaskConfig taskConfig,
            String fingerprint,
            BertModel initial,
            String vocabId) {
        BertConfig config = initial.config();
        boolean base = config.numLayers() == 12 && config.hiddenSize() == 768;
        int epochs = o.epochs() != null ? o.epochs() : base ? Trainer.DEFAULT_EPOCHS_BASE : Trainer.DEFAULT_EPOCHS;
        int maxLen = Math.min(o.maxSeqLen(), config.maxPositions());
        TrainingItems.Encoded train = TrainingItems.encode(initial, data.split(Split.TRAIN), maxLen);
        TrainingPlan plan = new TrainingPlan(train.items(), o.batchSize(), o.seed(), epochs, o.maxSteps());
        float hidden = o.dropout() != null ? o.dropout().floatValue() : config.hiddenDropout();
        float attention = o.dropout() != null ? o.dropout().floatValue() : config.attentionDropout();
        FineTuningRecipe recipe = new FineTuningRecipe(o.maxGradNorm(), hidden, attention, o.wordPooling(), o.seed());
        Map<String, List<HeadEvaluation.Sentence>> evalSets = new LinkedHashMap<>();
        if (o.evaluate()) {
            for (String name : EVAL_SPLITS) {
                if (data.splits().containsKey(name)) {
                    List<HeadEvaluation.Sentence> sentences =
                            TrainingItems.encode(initial, data.split(name), maxLen).items().stream()
                                    .map(it -> new HeadEvaluation.Sentence(it.encoding(), it.targets(), it.labels()))
                                    .toList();
                    if (!sentences.isEmpty()) {
                        evalSets.put(name, sentences);
                    }
                }
            }
        }
        int total = plan.totalSteps();
        int warmupSteps = (int) Math.floor(o.warmup() * total);
        int every = o.checkpointEvery() != null ? o.checkpointEvery() : plan.stepsPerEpoch();
        LinearSchedule schedule = new LinearSchedule((float) o.learningRate(), warmupSteps, total);

        TrainingSettings training = new TrainingSettings(
                epochs,
                o.maxSteps(),
                o.learningRate(),
                o.batchSize(),
                o.warmup(),
                warmupSteps,
                total,
                plan.stepsPerEpoch(),
                maxLen,
                every,
                OPTIMIZER,
                SCHEDULE,
                vocabId,
                o.maxGradNorm(),
                // as the float the network uses, written as its decimal text (0.1f is recorded 0.1)
                Double.parseDouble(Float.toString(hidden)),
                Double.parseDouble(Float.toString(attention)),
                o.wordPooling().id(),
                train.cut());
        TaskSettings task = new TaskSettings(
                taskConfig.pudTrainFraction(), taskConfig.pudSeed(), List.copyOf(taskConfig.psLexcats()));
        Map<String, Integer> splitSizes = new LinkedHashMap<>();
        data.splits().forEach((name, s) -> splitSizes.put(name, s.examples().size()));
        String taskId = o.task().id();
        List<String> probeTasks = o.probeTasks().stream().map(TaskName::id).toList();
        String runId = o.runId() != null
                ? o.runId()
                : SettingsEncoding.runId(o.modelSpec(), taskId, o.seed(), fingerprint, training, task, probeTasks);
        RunManifest manifest = new RunManifest(
                runId,
                o.modelSpec(),
                taskId,
                probeTasks,
                training,
                task,
                o.seed(),
                fingerprint,
                IntStream.rangeClosed(0, config.numLayers()).boxed().toList(),
                splitSizes,
                CodeVersion.current(),
                Instant.now());
        return new RunSetup(plan, schedule, recipe, Collections.unmodifiableMap(evalSets), training, manifest);
    }

    String runId() {
        return manifest.runId();
    }

    int totalSteps() {
        return training.totalSteps();
    }

    int checkpointEvery() {
        return training.checkpointEvery();
    }
}
