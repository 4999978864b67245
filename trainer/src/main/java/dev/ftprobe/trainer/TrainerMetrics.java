package dev.ftprobe.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The trainer's meters, tagged with the run: loss, learning rate, speed, steps, tokens, checkpoints. */
final class TrainerMetrics {
    private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> learningRate = new AtomicReference<>(0.0);
    private final AtomicReference<Double> stepsPerSecond = new AtomicReference<>(0.0);
    private final Counter steps;
    private final Counter tokens;
    private final Counter checkpoints;
    private final Timer checkpointWrite;

    TrainerMetrics(MeterRegistry reg, String runId) {
        Tags tags = Tags.of("run", runId);
        reg.gauge("ftprobe.trainer.loss", tags, loss, AtomicReference::get);
        reg.gauge("ftprobe.trainer.learning.rate", tags, learningRate, AtomicReference::get);
        reg.gauge("ftprobe.trainer.steps.per.second", tags, stepsPerSecond, AtomicReference::get);
        steps = reg.counter("ftprobe.trainer.steps", tags);
        tokens = reg.counter("ftprobe.trainer.tokens", tags);
        checkpoints = reg.counter("ftprobe.trainer.checkpoints", tags);
        checkpointWrite = reg.timer("ftprobe.trainer.checkpoint.write", tags);
    }

    /** One update done: its loss, the learning rate it used and the subwords of its batch. */
    void step(float stepLoss, float lr, long batchTokens) {
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

    void checkpointPublished() {
        checkpoints.increment();
    }
}
