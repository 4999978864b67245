package dev.ftprobe.extractor.bench;

import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.trainer.Trainer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the trainer and the extractor against an embedded broker (a measurement, not a test):
 *
 * <ol>
 *   <li>fine-tuning steps/s, and the checkpointing overhead: runs of {@code steps} steps alternately with a checkpoint
 *       every 10 steps and with none between step 0 and the last; each run's time is from the step-0 event to the last
 *       event (training, checkpoints, their events);
 *   <li>extraction vectors/s over all layers and both splits of the run's task, one checkpoint.
 * </ol>
 *
 * Arguments: data dir, model (e.g. random:tiny), task, steps, repetitions.
 */
public final class PipelineBench {
    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String model = args[1];
        TaskName task = TaskName.parse(args[2]);
        int steps = Integer.parseInt(args[3]);
        int reps = Integer.parseInt(args[4]);
        Path store = Files.createTempDirectory("ftprobe-bench-ck");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            String b = broker.bootstrapServers();
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            String lastRun = null;
            for (int r = 0; r < reps; r++) {
                // ABBA order, so that a drift in the machine's load does not favour one setting
                int[] order = r % 2 == 0 ? new int[] {10, steps + 1} : new int[] {steps + 1, 10};
                for (int every : order) {
                    SimpleMeterRegistry reg = new SimpleMeterRegistry();
                    String run = "bench-" + r + "-" + every;
                    long[] t = new long[2];
                    int[] events = new int[1];
                    Trainer.builder()
                            .setBootstrap(b)
                            .setModel(model)
                            .setTask(task)
                            .setCheckpointDir(store)
                            .optDataDir(data)
                            .optRunId(run)
                            .optMaxSteps(steps)
                            .optCheckpointEvery(every)
                            .optMeterRegistry(reg)
                            .optListener((CheckpointEvent e) -> {
                                events[0]++;
                                if (e.step() == 0) {
                                    t[0] = System.nanoTime();
                                }
                                t[1] = System.nanoTime();
                            })
                            .build()
                            .run();
                    double secs = (t[1] - t[0]) / 1e9;
                    (every == 10 ? with : without).add(secs);
                    Timer w = reg.get("ftprobe.trainer.checkpoint.write").timer();
                    // the checkpoints after step 0 and before the last are the ones a checkpoint interval adds
                    double writeSecs = w.totalTime(TimeUnit.NANOSECONDS) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "train run=%s checkpoint_every=%d events=%d seconds=%.2f "
                                    + "steps_per_s=%.3f checkpoint_writes=%d write_seconds_total=%.3f%n",
                            run,
                            every,
                            events[0],
                            secs,
                            steps / secs,
                            w.count(),
                            writeSecs);
                    lastRun = run;
                }
            }
            double w = with.stream().mapToDouble(Double::doubleValue).sum();
            double wo = without.stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(
                    Locale.ROOT,
                    "checkpoint overhead (every 10 steps vs none): %.1f%% (%.2f s vs %.2f s over %d runs each)%n",
                    100 * (w / wo - 1),
                    w,
                    wo,
                    reps);

            long[] vectors = new long[1];
            long[] t = {System.nanoTime(), 0};
            List<Double> rates = new ArrayList<>();
            Extractor.builder()
                    .setBootstrap(b)
                    .optDataDir(data)
                    .optRunIds(Set.of(lastRun))
                    .optExitWhenIdle(Duration.ofSeconds(5))
                    .optListener(p -> {
                        long now = System.nanoTime();
                        if (p.outcome() == Extractor.Outcome.EXTRACTED) {
                            double secs = (now - t[0]) / 1e9;
                            vectors[0] += p.vectors();
                            rates.add(p.vectors() / secs);
                            System.out.printf(
                                    Locale.ROOT,
                                    "extract step=%d vectors=%d seconds=%.2f vectors_per_s=%.0f%n",
                                    p.event().step(),
                                    p.vectors(),
                                    secs,
                                    p.vectors() / secs);
                        }
                        t[0] = System.nanoTime();
                    })
                    .build()
                    .run();
        }
    }
}
