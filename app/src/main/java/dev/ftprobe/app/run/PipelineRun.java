package dev.ftprobe.app.run;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.extractor.Extractor;
import dev.ftprobe.runtime.LayerList;
import dev.ftprobe.runtime.metrics.MetricsServer;
import dev.ftprobe.tasks.TaskName;
import dev.ftprobe.trainer.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an embedded broker (unless one is given), the analyzer, the extractor and the trainer,
 * each the same code its own service runs. The trainer runs on the calling thread; the extractor on its own; a follower
 * waits, checkpoint by checkpoint, until the analyzer has committed the geometry and dynamics of every set, and reports
 * how far behind training it is. {@link #run()} returns when the last checkpoint is analysed.
 *
 * <p>{@link #stop()} (from a shutdown hook) ends it early: training after its step (a checkpoint being evaluated is
 * abandoned), extraction between two chunks (its transaction aborted), the analyzer with a close of at most
 * {@link #ANALYZER_STOP_TIMEOUT} (its transaction aborted when the set in progress ends in time, else when it
 * restarts), then the broker; {@link #run()} then throws {@link StoppedException}. Nothing is lost: the same command
 * resumes from the last published checkpoint, and every stage from what it had committed.
 */
final class PipelineRun {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    /** How long one checkpoint's analysis may take before the run gives up on it. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofHours(2);
    /** After this long on one checkpoint the run says once how to keep pace. */
    static final Duration SLOW_STEP = Duration.ofSeconds(60);
    /**
     * How long a stopped run waits for the analyzer to close: a set in the middle of DirectProbe is not interrupted, so
     * a longer wait would hold the process for minutes; its transaction is aborted when the analyzer restarts.
     */
    static final Duration ANALYZER_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a finished run waits for the analyzer to close. */
    static final Duration ANALYZER_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Thrown by {@link #run} when {@link #stop()} ended the run before it was complete. */
    static final class StoppedException extends Exception {
        private static final long serialVersionUID = 1L;

        StoppedException(String message) {
            super(message);
        }
    }

    /** The timings of one checkpoint, for the progress log and the benchmark. */
    record CheckpointTiming(long step, Instant published, Instant analysed) {
        Duration lag() {
            return Duration.between(published, analysed);
        }
    }

    record Outcome(
            String runId,
            List<Integer> layers,
            List<CheckpointTiming> checkpoints,
            Duration training,
            Duration total,
            RunSummary summary) {}

    /** Reads a finished run's results while the broker is still up. */
    interface SummaryReader {
        RunSummary read(String bootstrap, String runId);
    }

    private final Trainer.Builder trainer;
    private final Extractor.Builder extractor;
    private final Analyzer.Builder analyzer;
    private final TaskName task;
    private final List<String> splits;
    private final LayerList requestedLayers;
    private final Path out;
    private final String externalBootstrap;
    private final PrintStream progress;
    private final SummaryReader summaryReader;
    private final List<Runnable> stopActions = new ArrayList<>();
    private boolean stopping;

    PipelineRun(
            Trainer.Builder trainer,
            Extractor.Builder extractor,
            Analyzer.Builder analyzer,
            TaskName task,
            List<String> splits,
            LayerList requestedLayers,
            Path out,
            String externalBootstrap,
            PrintStream progress,
            SummaryReader summaryReader) {
        this.trainer = trainer;
        this.summaryReader = summaryReader;
        this.extractor = extractor;
        this.analyzer = analyzer;
        this.task = task;
        this.splits = List.copyOf(splits);
        this.requestedLayers = requestedLayers;
        this.out = out;
        this.externalBootstrap = externalBootstrap;
        this.progress = progress;
    }

    /**
     * Asks the run to stop, from any thread: every stage started is told to stop and every later one is not started;
     * {@link #run} returns (throwing {@link StoppedException}) once they have ended.
     */
    void stop() {
        List<Runnable> actions;
        synchronized (this) {
            stopping = true;
            actions = List.copyOf(stopActions);
        }
        actions.forEach(Runnable::run);
    }

    /** Runs {@code action} on {@link #stop()}, or at once when the run is already stopping. */
    private void onStop(Runnable action) {
        synchronized (this) {
            if (!stopping) {
                stopActions.add(action);
                return;
            }
        }
        action.run();
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    private void checkNotStopping(String where) throws StoppedException {
        if (stopping()) {
            throw new StoppedException("stopped " + where);
        }
    }

    Outcome run(MetricsServer metrics) throws IOException, InterruptedException, StoppedException {
        Instant start = Instant.now();
        EmbeddedKafkaBroker broker = null;
        try {
            checkNotStopping("before the broker started");
            String bootstrap = externalBootstrap;
            if (bootstrap == null) {
                broker = EmbeddedKafkaBroker.builder()
                        .optDataDir(out.resolve("kafka"))
                        .build()
                        .start();
                bootstrap = broker.bootstrapServers();
                progress.println(
                        "broker    embedded Kafka at " + bootstrap + " (data in " + out.resolve("kafka") + ")");
            }
            TopicAdmin.createMissing(bootstrap);
            checkNotStopping("before the services started");
            return runOn(bootstrap, metrics, start);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private Outcome runOn(String bootstrap, MetricsServer metrics, Instant start)
            throws IOException, InterruptedException, StoppedException {
        Analyzer a =
                analyzer.setBootstrap(bootstrap).optMetrics(metrics).build().start();
        try {
            return runWith(a, bootstrap, metrics, start);
        } finally {
            a.close(stopping() ? ANALYZER_STOP_TIMEOUT : ANALYZER_CLOSE_TIMEOUT);
        }
    }

    private Outcome runWith(Analyzer a, String bootstrap, MetricsServer metrics, Instant start)
            throws IOException, InterruptedException, StoppedException {
        progress.println("analyzer  metrics " + metrics.baseUri().resolve("/metrics") + ", queries "
                + a.queryUri().map(u -> u.resolve("/runs").toString()).orElse("(off)"));
        Extractor ex = extractor
                .setBootstrap(bootstrap)
                .optMeterRegistry(metrics.registry())
                .optListener(p -> progress.println("extractor step "
                        + (p.event() == null ? "?" : p.event().step())
                        + ": " + p.outcome().name().toLowerCase(Locale.ROOT) + ", " + p.vectors()
                        + " vectors" + (p.reason() == null ? "" : " (" + p.reason() + ")")))
                .build();
        AtomicReference<Throwable> extractorFailure = new AtomicReference<>();
        Thread exThread = new Thread(
                () -> {
                    try {
                        ex.run();
                    } catch (Throwable t) {
                        extractorFailure.set(t);
                        LOG.error("the extractor stopped: {}", t.toString(), t);
                    }
                },
                "run-extractor");
        onStop(ex::stop);
        exThread.start();

        BlockingQueue<CheckpointEvent> published = new LinkedBlockingQueue<>();
        Follower follower =
                new Follower(bootstrap, a, published, extractorFailure, new CheckpointLagGauge(metrics.registry()));
        Thread followerThread = new Thread(follower, "run-follower");
        onStop(follower::stop);
        followerThread.start();
        try {
            Instant trainStart = Instant.now();
            Trainer t = trainer.setBootstrap(bootstrap)
                    .optMeterRegistry(metrics.registry())
                    .optListener(e -> {
                        progress.println("trainer   step " + e.step() + " checkpoint published (loss "
                                + (e.trainingLoss() == null
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.4f", e.trainingLoss()))
                                + ")");
                        published.add(e);
                    })
                    .build();
            onStop(t::stop);
            Trainer.Result result = t.run();
            Duration training = Duration.between(trainStart, Instant.now());
            if (!result.complete()) {
                checkNotStopping("at training step " + result.lastStep() + " of " + result.totalSteps());
                throw new IllegalStateException("training of run " + result.runId() + " stopped at step "
                        + result.lastStep() + " of " + result.totalSteps());
            }
            // A resumed run publishes only its missing steps: follow every checkpoint the run has.
            for (CheckpointEvent e : RunLog.checkpoints(bootstrap, result.runId())) {
                published.add(e);
            }
            follower.finishWhenDrained(result.runId());
            followerThread.join();
            checkNotStopping("while the last checkpoints were analysed");
            if (follower.failure != null) {
                throw new IllegalStateException(follower.failure.getMessage(), follower.failure);
            }
            RunSummary summary = summaryReader.read(bootstrap, result.runId());
            return new Outcome(
                    result.runId(),
                    follower.layers,
                    follower.timings(),
                    training,
                    Duration.between(start, Instant.now()),
                    summary);
        } finally {
            follower.stop();
            followerThread.interrupt();
            followerThread.join(10_000);
            ex.stop();
            exThread.join(60_000);
        }
    }

    /** Waits, checkpoint by checkpoint, for the analyzer's committed results. */
    private final class Follower implements Runnable {
        private final String bootstrap;
        private final Analyzer analyzer;
        private final BlockingQueue<CheckpointEvent> queue;
        private final AtomicReference<Throwable> extractorFailure;
        private final CheckpointLagGauge lagGauge;
        private final Map<Long, CheckpointTiming> done = new LinkedHashMap<>();
        private volatile String finishRun;
        private volatile boolean stopped;
        private boolean hinted;
        volatile List<Integer> layers;
        volatile Throwable failure;

        Follower(
                String bootstrap,
                Analyzer analyzer,
                BlockingQueue<CheckpointEvent> queue,
                AtomicReference<Throwable> extractorFailure,
                CheckpointLagGauge lagGauge) {
            this.bootstrap = bootstrap;
            this.lagGauge = lagGauge;
            this.analyzer = analyzer;
            this.queue = queue;
            this.extractorFailure = extractorFailure;
        }

        void finishWhenDrained(String runId) {
            finishRun = runId;
        }

        void stop() {
            stopped = true;
        }

        synchronized List<CheckpointTiming> timings() {
            return new ArrayList<>(done.values());
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    CheckpointEvent e = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (finishRun != null && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    synchronized (this) {
                        if (done.containsKey(e.step())) {
                            continue;
                        }
                    }
                    follow(e);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | IOException ex) {
                failure = ex;
            }
        }

        private void follow(CheckpointEvent e) throws InterruptedException, IOException {
            if (layers == null) {
                RunManifest m = RunLog.manifest(bootstrap, e.runId())
                        .orElseThrow(() ->
                                new IllegalStateException("run " + e.runId() + " has checkpoints but no manifest"));
                layers = requestedLayers.orElse(m.layers());
            }
            long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
            var sets = Analyzer.setsOf(e.runId(), e.step(), task.id(), splits, layers);
            var steps = Analyzer.stepKeysOf(e.runId(), e.step(), task.id(), layers);
            while (!(analyzer.awaitSets(sets, Duration.ofSeconds(5))
                    && analyzer.awaitDynamics(steps, Duration.ofSeconds(5)))) {
                if (extractorFailure.get() != null) {
                    throw new IllegalStateException(
                            "the extractor failed: " + extractorFailure.get().getMessage(), extractorFailure.get());
                }
                if (!analyzer.isRunning()) {
                    throw new IllegalStateException("the analyzer stopped before step " + e.step() + " was analysed");
                }
                Duration waited = Duration.between(e.createdAt(), Instant.now());
                if (!hinted && waited.compareTo(SLOW_STEP) > 0) {
                    hinted = true;
                    progress.printf(
                            Locale.ROOT,
                            "analyzer  step %d still being analysed %d s after its checkpoint: "
                                    + "DirectProbe's cost grows fast with the points (BENCHMARKS.md); "
                                    + "--sample-per-label 50 "
                                    + "analyses a per-label sample and keeps pace on 2 cores%n",
                            e.step(),
                            waited.toSeconds());
                }
                if (System.nanoTime() > deadline || stopped) {
                    throw new IllegalStateException("step " + e.step() + " of run " + e.runId()
                            + " was not analysed within " + CHECKPOINT_TIMEOUT);
                }
            }
            CheckpointTiming t = new CheckpointTiming(e.step(), Objects.requireNonNull(e.createdAt()), Instant.now());
            synchronized (this) {
                done.put(e.step(), t);
            }
            lagGauge.set(e.runId(), t.lag());
            progress.printf(
                    Locale.ROOT,
                    "analyzer  step %d analysed: %d sets, lag %.1f s after its checkpoint%n",
                    e.step(),
                    sets.size(),
                    t.lag().toMillis() / 1000.0);
        }
    }
}
