package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.StepProbe;
import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.DirectProbeClusters;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.probe.ClassifierProbe;
import dev.ftprobe.probe.DirectProbeAccuracy;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.probe.ProbeJournal;
import dev.ftprobe.probe.ProbeResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stream task's probes off its stream thread, one at a time on a thread of their own, so that a probe (minutes
 * for the paper's grid on a BERT base set) never holds back the geometry of the sets that come meanwhile; the stream
 * thread collects the finished ones ({@link #finished()}) from a punctuation. The probes are deterministic, so when
 * they finish changes nothing in what they publish.
 */
final class ProbeRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final ProbeGrid grid;
    private final long seed;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ftprobe-probe");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Running> running = new ArrayDeque<>();
    private volatile Path progressDir;

    private record Running(ProbeJob job, Future<ProbeOutcome> outcome) {}

    ProbeRunner(ProbeGrid grid, long seed) {
        this.grid = grid;
        this.seed = seed;
    }

    /**
     * Keeps each probe's progress ({@link ProbeJournal}) in {@code dir} from now on, so that a probe stopped with the
     * analyzer goes on where it was when its job is run again; without a directory every probe starts afresh.
     */
    void keepProgressIn(Path dir) {
        this.progressDir = dir;
    }

    /** Starts the job's probe on these points. */
    void submit(ProbeJob job, ProbePoints points) {
        running.add(new Running(job, executor.submit(() -> run(job, points))));
    }

    /** The job failed before its probe could start: its outcome is collected as a finished one's. */
    void fail(ProbeJob job, Throwable e) {
        running.add(new Running(job, CompletableFuture.completedFuture(failed(job, e))));
    }

    /** The jobs finished since the last call, in the order they were submitted (the first unfinished one stops). */
    Map<ProbeJob, ProbeOutcome> finished() {
        Map<ProbeJob, ProbeOutcome> out = new LinkedHashMap<>();
        while (!running.isEmpty() && running.peek().outcome().isDone()) {
            Running r = running.poll();
            try {
                out.put(r.job(), r.outcome().get());
            } catch (ExecutionException e) {
                out.put(r.job(), failed(r.job(), e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(r.job(), failed(r.job(), e));
            }
        }
        return out;
    }

    private ProbeOutcome run(ProbeJob job, ProbePoints points) {
        long t0 = System.nanoTime();
        try {
            StepProbe p = probe(points, grid, seed, progressDir);
            LOG.info(
                    "probe of {} step {} done in {} s: mlp {}, directprobe {}",
                    job.series(),
                    job.step(),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9),
                    p.mlpMean(),
                    p.directProbeAccuracy());
            return new ProbeOutcome(job.series(), job.step(), p, null);
        } catch (RuntimeException e) {
            return failed(job, e);
        }
    }

    private static ProbeOutcome failed(ProbeJob job, Throwable e) {
        LOG.warn("probe of {} step {} failed: {}", job.series(), job.step(), e.toString());
        return new ProbeOutcome(job.series(), job.step(), null, String.valueOf(e.getMessage()));
    }

    /**
     * Both probes of METHOD §6 on a step's train and test sets; the classifier probe's progress kept in
     * {@code progressDir} when there is one.
     */
    static StepProbe probe(ProbePoints points, ProbeGrid grid, long seed, Path progressDir) {
        ProbeResult r = classifier(ClassifierProbe.of(grid, seed), points, progressDir);
        DirectProbeClusters clusters = DirectProbe.builder().build().run(points.train());
        double direct = DirectProbeAccuracy.of(points.train(), clusters, points.test(), HullDistance.exact());
        return new StepProbe(
                grid.name(),
                List.of(r.best().shape().hidden1(), r.best().shape().hidden2()),
                r.best().alpha(),
                r.meanTestAccuracy(),
                r.stdTestAccuracy(),
                new ArrayList<>(r.testAccuracies()),
                direct,
                clusters.members().length,
                r.unseenTestLabels());
    }

    private static ProbeResult classifier(ClassifierProbe probe, ProbePoints points, Path progressDir) {
        if (progressDir == null) {
            return probe.run(points.train(), points.test());
        }
        try {
            return probe.run(points.train(), points.test(), progressDir);
        } catch (IOException e) {
            LOG.warn("probe progress cannot be kept in {} ({}): a stop loses this probe's progress", progressDir, e);
            return probe.run(points.train(), points.test());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
