package dev.ftprobe.trainer;

import dev.ftprobe.events.Evaluation;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.Target;
import dev.ftprobe.model.tokenizer.Encoding;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.LinearSchedule;
import dev.ftprobe.model.train.TaskHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The updates of a run, from a start step to its last or until stopped: one batch of the plan per step, a checkpoint
 * every {@code checkpointEvery} steps and at the last one (unless already published), progress in the log at most every
 * 10 steps or 10 seconds.
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the service's log category
    private static final int LOG_EVERY_STEPS = 10;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String runId;
    private final TrainingPlan plan;
    private final LinearSchedule schedule;
    private final int checkpointEvery;
    private final TrainerMetrics metrics;
    private final CheckpointPublisher publisher;
    private final CheckpointEvaluator evaluator;

    TrainingLoop(RunSetup setup, TrainerMetrics metrics, CheckpointPublisher publisher, CheckpointEvaluator evaluator) {
        this.runId = setup.runId();
        this.plan = setup.plan();
        this.schedule = setup.schedule();
        this.checkpointEvery = setup.checkpointEvery();
        this.metrics = metrics;
        this.publisher = publisher;
        this.evaluator = evaluator;
    }

    /**
     * Trains from {@code start}; returns the step reached (the plan's total unless {@code stop} said so). A stop ends
     * the loop after the step in progress, or abandons the checkpoint being evaluated (the evaluator checks it too).
     */
    int run(FineTuner tuner, BertModel model, TaskHead head, int start, BooleanSupplier stop) {
        int total = plan.totalSteps();
        long windowStart = System.nanoTime();
        int windowSteps = 0;
        int step = start;
        while (step < total && !stop.getAsBoolean()) {
            List<TrainingPlan.Item> batch = plan.batch(step);
            List<Encoding> enc = new ArrayList<>(batch.size());
            List<List<Target>> targets = new ArrayList<>(batch.size());
            List<int[]> labels = new ArrayList<>(batch.size());
            long batchTokens = 0;
            for (TrainingPlan.Item it : batch) {
                enc.add(it.encoding());
                targets.add(it.targets());
                labels.add(it.labels());
                batchTokens += it.encoding().length();
            }
            float lr = schedule.lr(step);
            float loss = tuner.step(enc, targets, labels);
            step++;
            windowSteps++;
            metrics.step(step, loss, lr, batchTokens);
            long now = System.nanoTime();
            boolean checkpoint = step % checkpointEvery == 0 || step == total;
            if (windowSteps >= LOG_EVERY_STEPS || checkpoint || now - windowStart > LOG_EVERY_NANOS) {
                double rate = windowSteps / ((now - windowStart) / 1e9);
                metrics.stepsPerSecond(rate);
                LOG.info(
                        "run {} epoch {} step {}/{} loss {} lr {} {} steps/s",
                        runId,
                        plan.epochOfUpdate(step - 1),
                        step,
                        total,
                        String.format(Locale.ROOT, "%.4f", loss),
                        String.format(Locale.ROOT, "%.3g", lr),
                        String.format(Locale.ROOT, "%.2f", rate));
                windowStart = now;
                windowSteps = 0;
            }
            if (checkpoint && !publisher.isPublished(step)) {
                Map<String, Evaluation> evaluation;
                try {
                    evaluation = evaluator.evaluate(runId, step, model, head);
                } catch (CancellationException e) {
                    // nothing of this checkpoint is written yet: a resumed run trains from the one before
                    LOG.info(
                            "run {} step {}: stopped during the checkpoint's evaluation; checkpoint abandoned",
                            runId,
                            step);
                    return step;
                }
                publisher.publish(
                        plan.epochOfCheckpoint(step), (double) loss, lr, model, head, tuner.state(), plan, evaluation);
                windowStart = System.nanoTime(); // steps/s measures training, not checkpointing
            }
        }
        return step;
    }
}
