package dev.ftprobe.trainer;

import dev.ftprobe.events.Evaluation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The trainer's meters, tagged with the run: loss, learning rate, speed, steps, tokens, checkpoints, and the head's
 * evaluation at the last checkpoint ({@code ftprobe.eval.accuracy} / {@code ftprobe.eval.loss}, tagged with the split
 * too; Prometheus names them {@code ftprobe_eval_accuracy} / {@code ftprobe_eval_loss}). Where the run is, for the
 * alarms (deploy/prometheus/rules): {@code ftprobe_trainer_step} (the step reached),
 * {@code ftprobe_trainer_total_steps}, {@code ftprobe_trainer_checkpoint_step} (the latest checkpoint published) and
 * {@code ftprobe_trainer_checkpoint_interval_steps}; the step counter {@code ftprobe_trainer_steps_total} counts this
 * process's updates only, so a resumed run's step is not in it.
 */
final class TrainerMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, AtomicReference<Evaluation>> evaluations = new ConcurrentHashMap<>();
    private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> learningRate = new AtomicReference<>(0.0);
    private final AtomicReference<Double> stepsPerSecond = new AtomicReference<>(0.0);
    private final AtomicReference<Double> step = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> checkpointStep = new AtomicReference<>(Double.NaN);
    private final Counter steps;
    private final Counter tokens;
    private final Counter checkpoints;
    private final Timer checkpointWrite;

    TrainerMetrics(MeterRegistry reg, String runId, int totalSteps, int checkpointEvery) {
        this.registry = reg;
        this.tags = Tags.of("run", runId);
        gauge("ftprobe.trainer.loss", tags, loss, AtomicReference::get);
        gauge("ftprobe.trainer.learning.rate", tags, learningRate, AtomicReference::get);
        gauge("ftprobe.trainer.steps.per.second", tags, stepsPerSecond, AtomicReference::get);
        gauge("ftprobe.trainer.step", tags, step, AtomicReference::get);
        gauge("ftprobe.trainer.total.steps", tags, totalSteps, Integer::doubleValue);
        gauge("ftprobe.trainer.checkpoint.step", tags, checkpointStep, AtomicReference::get);
        gauge("ftprobe.trainer.checkpoint.interval.steps", tags, checkpointEvery, Integer::doubleValue);
        steps = reg.counter("ftprobe.trainer.steps", tags);
        tokens = reg.counter("ftprobe.trainer.tokens", tags);
        checkpoints = reg.counter("ftprobe.trainer.checkpoints", tags);
        checkpointWrite = reg.timer("ftprobe.trainer.checkpoint.write", tags);
    }

    /**
     * A gauge that holds its state strongly: Micrometer's {@code registry.gauge} keeps only a weak reference, so once a
     * finished trainer is collected the last values read NaN although the process (and its /metrics) lives on.
     */
    private <T> void gauge(String name, Tags t, T state, ToDoubleFunction<T> value) {
        Gauge.builder(name, state, value).tags(t).strongReference(true).register(registry);
    }

    /** Training starts (or resumes) at {@code first}. */
    void started(int first) {
        step.set((double) first);
    }

    /** Update {@code reached} done: its loss, the learning rate it used and the subwords of its batch. */
    void step(int reached, float stepLoss, float lr, long batchTokens) {
        step.set((double) reached);
        steps.increment();
        tokens.increment(batchTokens);
        loss.set((double) stepLoss);
        learningRate.set((double) lr);
    }

    void stepsPerSecond(double rate) {
        stepsPerSecond.set(rate);
    }

    void checkpointWritten(long nanos) {
        checkpointWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The evaluation of a split at the checkpoint just written. */
    void evaluated(String split, Evaluation e) {
        evaluations
                .computeIfAbsent(split, s -> {
                    AtomicReference<Evaluation> ref = new AtomicReference<>(e);
                    Tags t = tags.and("split", s);
                    gauge("ftprobe.eval.accuracy", t, ref, r -> r.get().accuracy());
                    gauge("ftprobe.eval.loss", t, ref, r -> r.get().loss());
                    return ref;
                })
                .set(e);
    }

    void checkpointPublished(long at) {
        checkpointStep.set((double) at);
        checkpoints.increment();
    }
}
