package dev.ftprobe.app.run;

import dev.ftprobe.analyzer.results.SetId;
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
 * The whole pipeline in one JVM: an embedded broker (unless one is given), the analyzer and the extractor, each the
 * same code its own service runs, started once by {@link #start} and shared by the runs made on them one after the
 * other ({@code ftprobe reproduce} makes several). {@link #run} fine-tunes one run with the trainer on the calling
 * thread, while a follower waits, checkpoint by checkpoint, until the analyzer has committed the geometry and dynamics
 * of every set of every probe task, and reports how far behind training it is; it returns when the last checkpoint is
 * analysed.
 *
 * <p>{@link #stop()} (from a shutdown hook) ends it early: training after its step (a checkpoint being evaluated is
 * abandoned), extraction between two chunks (its transaction aborted), the analyzer on {@link #close()} within
 * {@link #ANALYZER_STOP_TIMEOUT} (its transaction aborted when the set in progress ends in time, else when it
 * restarts), then the broker; {@link #run} then throws {@link StoppedException}. Nothing is lost: the same command
 * resumes from the last published checkpoint, and every stage from what it had committed.
 */
final class PipelineRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    /** How long one checkpoint's analysis may take before the run gives up on it. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofHours(2);
    /**
     * How long the first look for a checkpoint's results may take before they count as not analysed yet: enough for the
     * analyzer's result watcher to read the retained results of a large run from the beginning.
     */
    static final Duration FIRST_LOOK = Duration.ofSeconds(30);
    /**
     * How long a stopped follower may take to end by itself, between two looks for results, before it is interrupted.
     */
    static final Duration FOLLOWER_STOP = Duration.ofSeconds(6);
    /** After this long on one checkpoint the run says once how to keep pace. */
    static final Duration SLOW_STEP = Duration.ofSeconds(60);
    /**
     * How long a stopped pipeline waits for the analyzer to close: a set in the middle of DirectProbe is not
     * interrupted, so a longer wait would hold the process for minutes; its transaction is aborted when the analyzer
     * restarts.
     */
    static final Duration ANALYZER_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a finished pipeline waits for the analyzer to close. */
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

    /**
     * What one {@link #run} did.
     *
     * @param runId the run
     * @param layers the layers followed
     * @param checkpoints every checkpoint of the run, as it was found analysed
     * @param published the checkpoints the trainer published in this call: 0 when its training was complete before
     * @param resumed whether training went on from an earlier call's checkpoint (or was complete before)
     * @param waited whether any checkpoint's results were not yet committed when first looked for
     * @param training the time spent in the trainer
     * @param total the time of the whole call
     */
    record Outcome(
            String runId,
            List<Integer> layers,
            List<CheckpointTiming> checkpoints,
            int published,
            boolean resumed,
            boolean waited,
            Duration training,
            Duration total) {
        /**
         * {@code skipped}: complete before, trained and analysed; {@code resumed}: partly done before; or {@code new}.
         */
        String status() {
            if (published == 0 && !waited) {
                return "skipped";
            }
            return resumed ? "resumed" : "new";
        }
    }

    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Analyzer analyzer;
    private final Extractor extractor;
    private final Thread extractorThread;
    private final AtomicReference<Throwable> extractorFailure;
    private final List<String> splits;
    private final LayerList requestedLayers;
    private final MetricsServer metrics;
    private final CheckpointLagGauge lagGauge;
    private final PrintStream progress;
    /** What {@link #stop()} calls: the extractor's stop, and the trainer's and the follower's while a run is on. */
    private final List<Runnable> stopActions = new ArrayList<>();

    private boolean stopping;

    private PipelineRun(
            EmbeddedKafkaBroker broker,
            String bootstrap,
            Analyzer analyzer,
            Extractor extractor,
            Thread extractorThread,
            AtomicReference<Throwable> extractorFailure,
            List<String> splits,
            LayerList requestedLayers,
            MetricsServer metrics,
            PrintStream progress) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.analyzer = analyzer;
        this.extractor = extractor;
        this.extractorThread = extractorThread;
        this.extractorFailure = extractorFailure;
        this.splits = List.copyOf(splits);
        this.requestedLayers = requestedLayers;
        this.metrics = metrics;
        this.lagGauge = new CheckpointLagGauge(metrics.registry());
        this.progress = progress;
        stopActions.add(extractor::stop);
    }

    /**
     * Starts an embedded broker with its data in {@code out/kafka} (unless {@code externalBootstrap} is given), creates
     * the missing topics, then starts the analyzer and the extractor (on a thread of its own).
     */
    static PipelineRun start(
            Extractor.Builder extractor,
            Analyzer.Builder analyzer,
            List<String> splits,
            LayerList requestedLayers,
            Path out,
            String externalBootstrap,
            MetricsServer metrics,
            PrintStream progress) {
        EmbeddedKafkaBroker broker = null;
        Analyzer a = null;
        try {
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
            a = analyzer.setBootstrap(bootstrap).optMetrics(metrics).build().start();
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
            exThread.start();
            return new PipelineRun(
                    broker, bootstrap, a, ex, exThread, extractorFailure, splits, requestedLayers, metrics, progress);
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * Asks the pipeline to stop, from any thread: the extractor and the run in progress are told to stop, and a later
     * {@link #run} is not started; the run in progress then throws {@link StoppedException}.
     */
    void stop() {
        List<Runnable> actions;
        synchronized (this) {
            stopping = true;
            actions = List.copyOf(stopActions);
        }
        actions.forEach(Runnable::run);
    }

    /** Calls {@code action} on {@link #stop()} until {@link #forget}, or at once when the pipeline is stopping. */
    private void onStop(Runnable action) {
        synchronized (this) {
            if (!stopping) {
                stopActions.add(action);
                return;
            }
        }
        action.run();
    }

    private synchronized void forget(Runnable action) {
        stopActions.remove(action);
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    private void checkNotStopping(String where) throws StoppedException {
        if (stopping()) {
            throw new StoppedException("stopped " + where);
        }
    }

    /** The broker the pipeline runs on. */
    String bootstrap() {
        return bootstrap;
    }

    /**
     * Trains (or resumes) one run on the calling thread and returns when the last checkpoint's sets and dynamics of
     * every probe task are committed.
     *
     * @param trainer the run's trainer, its bootstrap set here
     * @param probeTasks the run's probe tasks, as its manifest records them
     * @throws IllegalStateException when training stops early, the extractor fails or a checkpoint is not analysed in
     *     time
     * @throws StoppedException when {@link #stop()} ended the run first
     */
    Outcome run(Trainer.Builder trainer, List<TaskName> probeTasks)
            throws IOException, InterruptedException, StoppedException {
        checkNotStopping("before training began");
        Instant start = Instant.now();
        BlockingQueue<CheckpointEvent> published = new LinkedBlockingQueue<>();
        Follower follower =
                new Follower(published, probeTasks.stream().map(TaskName::id).toList(), start);
        Thread followerThread = new Thread(follower, "run-follower");
        Runnable stopFollower = follower::stop;
        onStop(stopFollower);
        followerThread.start();
        Runnable stopTrainer = null;
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
            stopTrainer = t::stop;
            onStop(stopTrainer);
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
            return new Outcome(
                    result.runId(),
                    follower.layers,
                    follower.timings(),
                    result.published().size(),
                    result.resumed(),
                    follower.waited,
                    training,
                    Duration.between(start, Instant.now()));
        } finally {
            forget(stopFollower);
            if (stopTrainer != null) {
                forget(stopTrainer);
            }
            follower.stop();
            // an interrupt only where the follower does not end by itself: one that lands in a Kafka client's close
            // makes the client log an error with its stack trace
            followerThread.join(FOLLOWER_STOP.toMillis());
            if (followerThread.isAlive()) {
                followerThread.interrupt();
                followerThread.join(10_000);
            }
        }
    }

    /** Stops the extractor, the analyzer and the embedded broker. */
    @Override
    public void close() throws InterruptedException {
        try {
            extractor.stop();
            extractorThread.join(60_000);
            analyzer.close(stopping() ? ANALYZER_STOP_TIMEOUT : ANALYZER_CLOSE_TIMEOUT);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Waits, checkpoint by checkpoint, for the analyzer's committed results. */
    private final class Follower implements Runnable {
        private final BlockingQueue<CheckpointEvent> queue;
        private final List<String> probeTasks;
        /** When this run's call began: a checkpoint published before and found analysed has no new lag. */
        private final Instant started;

        private final Map<Long, CheckpointTiming> done = new LinkedHashMap<>();
        private volatile String finishRun;
        private volatile boolean stopped;
        private boolean hinted;
        volatile List<Integer> layers;
        volatile Throwable failure;
        volatile boolean waited;

        Follower(BlockingQueue<CheckpointEvent> queue, List<String> probeTasks, Instant started) {
            this.queue = queue;
            this.started = started;
            this.probeTasks = List.copyOf(probeTasks);
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
            List<SetId> sets = new ArrayList<>();
            List<String> steps = new ArrayList<>();
            for (String task : probeTasks) {
                sets.addAll(Analyzer.setsOf(e.runId(), e.step(), task, splits, layers));
                steps.addAll(Analyzer.stepKeysOf(e.runId(), e.step(), task, layers));
            }
            boolean waitedHere = false;
            // the first look allows for the analyzer's result watcher to read the topics from their beginning
            Duration look = FIRST_LOOK;
            while (!(analyzer.awaitSets(sets, look) && analyzer.awaitDynamics(steps, look))) {
                look = Duration.ofSeconds(5);
                waited = true;
                waitedHere = true;
                if (extractorFailure.get() != null) {
                    throw new IllegalStateException(
                            "the extractor failed: " + extractorFailure.get().getMessage(), extractorFailure.get());
                }
                if (!analyzer.isRunning()) {
                    throw new IllegalStateException("the analyzer stopped before step " + e.step() + " was analysed");
                }
                Duration since = Duration.between(e.createdAt(), Instant.now());
                if (!hinted && since.compareTo(SLOW_STEP) > 0) {
                    hinted = true;
                    progress.printf(
                            Locale.ROOT,
                            "analyzer  step %d still being analysed %d s after its checkpoint: "
                                    + "DirectProbe's cost grows fast with the points (BENCHMARKS.md); "
                                    + "--sample-per-label 50 "
                                    + "analyses a per-label sample and keeps pace on 2 cores%n",
                            e.step(),
                            since.toSeconds());
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
            if (!waitedHere && e.createdAt().isBefore(started)) {
                // published and analysed before this call: its lag was measured then, and is in the summary
                progress.printf(Locale.ROOT, "analyzer  step %d: %d sets analysed before%n", e.step(), sets.size());
                return;
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
