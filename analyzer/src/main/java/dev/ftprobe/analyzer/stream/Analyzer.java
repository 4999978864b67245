package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.TopicSpec;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.probe.ProbeGrid;
import dev.ftprobe.runtime.metrics.MetricsServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyzer as an in-process service: the Kafka Streams application of {@link AnalyzerTopology} with its topics,
 * metrics and HTTP queries. {@code ftprobe analyzer}, {@code ftprobe replay} and {@code ftprobe run} all start it this
 * way:
 *
 * <pre>{@code
 * try (Analyzer analyzer = Analyzer.builder().setBootstrap(bootstrap).optAnalysisId("default")
 *         .optMetrics(metricsServer).build().start()) {
 *     analyzer.awaitSets(List.of(new SetId(run, step, "pos", "train", 2), ...), Duration.ofMinutes(10));
 *     analyzer.awaitDynamics(List.of(new SeriesId(run, "pos", 2).stepKey(step)), Duration.ofMinutes(10));
 * } // close(Duration.ofSeconds(30))
 * }</pre>
 *
 * <h2>Settings and why</h2>
 *
 * Analysing one set runs DirectProbe inside the stream thread, which takes seconds for a small set and minutes for BERT
 * base's. Under {@code exactly_once_v2} the thread's transaction stays open meanwhile and the consumer does not poll,
 * so {@code max.poll.interval.ms} and the producer's {@code transaction.timeout.ms} are raised to the max set time
 * ({@link AnalyzerSettings.Builder#optMaxSetTime}, 15 min by default, the broker's default
 * {@code transaction.max.timeout.ms}): with Kafka's defaults (5 min, 10 s) the group would evict the thread, or the
 * coordinator abort its transaction, in the middle of an analysis, and it would start over forever. A set that takes
 * longer still is dead-lettered when it comes again ({@link SetOverruns}). {@code max.poll.records} is small so that
 * one poll holds few sets' worth of work.
 *
 * <p>The probes ({@code --probe-steps}, minutes per set for the paper's grid) run off the stream thread, one task's at
 * a time ({@link ProbeScheduler}): they hold back neither the polls nor the geometry, only the dynamics of the steps
 * they probe, which come with their probe.
 */
public final class Analyzer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    /** Fetch size of the analyzer's consumer per partition (see {@link #streamsProperties()}). */
    static final int FETCH_BYTES = 1024 * 1024;
    /** Where Kafka Streams keeps the analyzer's state ({@code ~/} is the user's home). */
    public static final String DEFAULT_STATE_DIR = "~/.ftprobe/analyzer-state";
    /** The queries listen on loopback only unless told otherwise. */
    public static final String DEFAULT_QUERY_HOST = "127.0.0.1";
    /** Sets analysed at once (Kafka Streams threads). */
    public static final int DEFAULT_STREAM_THREADS = 1;

    private final String bootstrap;
    private final AnalyzerSettings settings;
    private final Path stateDir;
    private final Map<String, Object> overrides;
    private final MetricsServer metricsServer;
    private final String queryHost;
    private final Integer queryPort;
    private final int streamThreads;

    private KafkaStreams streams;
    private QueryServer queryServer;
    private ResultWatcher geometryWatcher;
    private ResultWatcher dynamicsWatcher;
    private boolean closed;

    private Analyzer(Builder b, AnalyzerSettings settings) {
        this.bootstrap = b.bootstrap;
        this.settings = settings;
        this.stateDir = b.stateDir;
        this.overrides = Map.copyOf(b.overrides);
        this.metricsServer = b.metricsServer;
        this.queryHost = b.queryHost;
        this.queryPort = b.queryPort;
        this.streamThreads = b.streamThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setBootstrap} is required; everything else optional, with the defaults declared above. */
    public static final class Builder {
        private String bootstrap;
        private final AnalyzerSettings.Builder settings = AnalyzerSettings.builder();
        private boolean setAnalysisGiven;
        private Path stateDir;
        private MetricsServer metricsServer;
        private String queryHost = DEFAULT_QUERY_HOST;
        private Integer queryPort;
        private int streamThreads = DEFAULT_STREAM_THREADS;
        private final Map<String, Object> overrides = new LinkedHashMap<>();

        private Builder() {}

        public Builder setBootstrap(String bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optAnalysisId}. */
        public Builder optAnalysisId(String id) {
            settings.optAnalysisId(id);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optLayers}. */
        public Builder optLayers(Collection<Integer> layers) {
            settings.optLayers(layers);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optSplits(String, String)}. */
        public Builder optSplits(String train, String test) {
            settings.optSplits(train, test);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optSplits(List)}. */
        public Builder optSplits(List<String> splits) {
            settings.optSplits(splits);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optProbeSteps}. */
        public Builder optProbeSteps(ProbeSteps steps) {
            settings.optProbeSteps(steps);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optProbeLayers}. */
        public Builder optProbeLayers(ProbeLayers layers) {
            settings.optProbeLayers(layers);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optProbeGrid}. */
        public Builder optProbeGrid(ProbeGrid grid) {
            settings.optProbeGrid(grid);
            return this;
        }

        /** See {@link AnalyzerSettings.Builder#optMaxSetTime}. */
        public Builder optMaxSetTime(Duration time) {
            settings.optMaxSetTime(time);
            return this;
        }

        /** Kafka Streams' state directory; default {@value #DEFAULT_STATE_DIR}. */
        public Builder optStateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** The geometry of a set; default {@link GeometrySetAnalysis} on all cores. */
        public Builder optSetAnalysis(SetAnalysis analysis) {
            settings.setSetAnalysis(analysis);
            setAnalysisGiven = true;
            return this;
        }

        /** Register the analysis metrics and the Streams metrics (lag included) here; default: not served. */
        public Builder optMetrics(MetricsServer server) {
            this.metricsServer = server;
            return this;
        }

        /** Serve the HTTP queries on this port (0: a free one); default: not served. */
        public Builder optQueryPort(String host, int port) {
            this.queryHost = Objects.requireNonNull(host);
            this.queryPort = port;
            return this;
        }

        /** Sets analysed at once; default {@value #DEFAULT_STREAM_THREADS}. */
        public Builder optStreamThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("stream threads must be >= 1, got " + threads);
            }
            this.streamThreads = threads;
            return this;
        }

        /**
         * How long the group waits for an instance that stopped heartbeating (a killed process, a lost machine) before
         * its partitions go to the others; Kafka's {@code session.timeout.ms}, 45 s by default. At least the broker's
         * {@code group.min.session.timeout.ms} (6 s by default).
         */
        public Builder optSessionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("session timeout must be positive, got " + timeout);
            }
            long ms = timeout.toMillis();
            overrides.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) ms);
            // a member must heartbeat several times per session (Kafka's advice: at most a third of it)
            overrides.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int)
                    Math.min(3000, ms / 3));
            return this;
        }

        /** Any Kafka Streams setting, over the analyzer's. */
        public Builder optStreamsConfig(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        public Analyzer build() {
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalStateException("setBootstrap is required");
            }
            if (!setAnalysisGiven) {
                settings.setSetAnalysis(GeometrySetAnalysis.builder().build());
            }
            settings.optMeterRegistry(metricsServer != null ? metricsServer.registry() : null);
            settings.optManifestLookup(ManifestLookup.runsTopic(bootstrap));
            if (stateDir == null) {
                stateDir = defaultStateDir();
            }
            return new Analyzer(this, settings.build());
        }
    }

    /** {@value #DEFAULT_STATE_DIR} in this user's home. */
    public static Path defaultStateDir() {
        return Path.of(System.getProperty("user.home")).resolve(DEFAULT_STATE_DIR.substring(2));
    }

    public AnalyzerSettings settings() {
        return settings;
    }

    /** The Kafka Streams properties the application runs with. */
    public Properties streamsProperties() {
        Duration longOperation = settings.maxSetTime();
        KafkaConfigs.Builder b = StreamsConfigs.streams(bootstrap, settings.applicationId(), stateDir)
                .set(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads)
                .set(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), (int)
                        longOperation.toMillis())
                // a record can complete a set and cost minutes: few records per processing round, so
                // that the commit requested after each set comes before the next set's analysis (with
                // 50 records per poll and 16 buffered per partition, results of step 0 became visible
                // only at the end of an 80-sentence run, about 200 s after their analysis)
                .set(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1)
                .set(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 1)
                // small fetches: the consumer hands out one partition's fetched data before the
                // next one's, so a 64 MiB fetch of one series' embeddings kept the other partitions
                // (then also the repartition topic that the dynamics had) waiting until the run's
                // last chunk; a record larger than the limit is still fetched whole
                .set(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FETCH_BYTES)
                .set(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 2 * FETCH_BYTES)
                // idle connections must outlive a poll interval, or a rejoin may find its coordinator gone
                .set(StreamsConfig.consumerPrefix(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG), (int)
                        longOperation.plusMinutes(1).toMillis())
                .set(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int)
                        longOperation.toMillis());
        b.setAll(overrides);
        return b.toProperties();
    }

    /** Creates the topics that are missing, starts the application (and the query server), and returns. */
    public synchronized Analyzer start() {
        if (streams != null) {
            throw new IllegalStateException("already started");
        }
        List<TopicSpec<?, ?>> topics = new ArrayList<>(Topics.registry());
        topics.addAll(Topics.analysisTopics(settings.analysisId()));
        try (Admin admin = TopicAdmin.admin(bootstrap)) {
            TopicAdmin.awaitCluster(admin, Duration.ofSeconds(60));
            TopicAdmin.createMissing(admin, topics);
        }
        streams = new KafkaStreams(AnalyzerTopology.buildTopology(settings), streamsProperties());
        // a failure outside the per-record handling (e.g. the broker fenced us) restarts the thread: its
        // tasks resume from the last commit, so nothing is lost or doubled under exactly-once
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("analyzer stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        if (metricsServer != null) {
            metricsServer.bindKafkaStreams(streams);
        }
        streams.start();
        if (queryPort != null) {
            queryServer = QueryServer.start(queries(), queryHost, queryPort);
        }
        LOG.info(
                "analyzer {} started: application {}, outputs {} and {}",
                settings.analysisId(),
                settings.applicationId(),
                settings.geometryTopic(),
                settings.dynamicsTopic());
        return this;
    }

    /** The HTTP queries' answers, from this application's stores. */
    public DynamicsQueries queries() {
        return new DynamicsQueries(() -> streams()
                .store(StoreQueryParameters.fromNameAndType(
                        AnalyzerTopology.DYNAMICS_STORE, QueryableStoreTypes.keyValueStore())));
    }

    /** Where the queries are served, when they are. */
    public Optional<URI> queryUri() {
        return Optional.ofNullable(queryServer).map(QueryServer::baseUri);
    }

    public synchronized KafkaStreams streams() {
        if (streams == null) {
            throw new IllegalStateException("not started");
        }
        return streams;
    }

    /** RUNNING (or REBALANCING): for readiness checks. */
    public boolean isRunning() {
        KafkaStreams s = streams;
        return s != null && s.state().isRunningOrRebalancing();
    }

    /** The sets of one checkpoint: every (split, layer) of {@code probeTask} at {@code step} of {@code runId}. */
    public static List<SetId> setsOf(
            String runId, long step, String probeTask, Collection<String> splits, Collection<Integer> layers) {
        List<SetId> out = new ArrayList<>();
        for (String split : splits) {
            for (int layer : layers) {
                out.add(new SetId(runId, step, probeTask, split, layer));
            }
        }
        return out;
    }

    /** The dynamics keys of one checkpoint: {@code run/task/layer/step} for every layer. */
    public static List<String> stepKeysOf(String runId, long step, String probeTask, Collection<Integer> layers) {
        return layers.stream()
                .map(l -> new SeriesId(runId, probeTask, l).stepKey(step))
                .toList();
    }

    /**
     * Waits until the geometry of every given set has been committed to the geometry topic (the set was analysed, or
     * dead-lettered as invalid: then it never comes and this times out). False on timeout.
     */
    public boolean awaitSets(Collection<SetId> sets, Duration timeout) throws InterruptedException {
        List<String> keys = sets.stream().map(SetId::key).toList();
        return geometryWatcher().await(keys, timeout);
    }

    /**
     * Waits until the dynamics of every given step have been committed to the dynamics topic; steps are named by
     * {@link SeriesId#stepKey(long)}. False on timeout.
     */
    public boolean awaitDynamics(Collection<String> stepKeys, Duration timeout) throws InterruptedException {
        return dynamicsWatcher().await(stepKeys, timeout);
    }

    /** The end offsets of the embeddings topic now: what a replay started now has to get through. */
    public Map<TopicPartition, Long> embeddingsEndOffsets() {
        try (Admin admin = TopicAdmin.admin(bootstrap);
                CatchUp c = new CatchUp(bootstrap, admin, settings.applicationId())) {
            return c.endOffsets(Topics.EMBEDDINGS.name());
        }
    }

    /**
     * Waits until the application has processed (and committed) the embeddings topic up to {@code targets}, e.g.
     * {@link #embeddingsEndOffsets()} taken before a replay; the dynamics are computed and committed with the set that
     * completes their step. False on timeout.
     */
    public boolean awaitProcessed(Map<TopicPartition, Long> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = TopicAdmin.admin(bootstrap);
                CatchUp c = new CatchUp(bootstrap, admin, settings.applicationId())) {
            while (!c.caughtUp(targets)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(500);
            }
            return true;
        }
    }

    private synchronized ResultWatcher geometryWatcher() {
        if (geometryWatcher == null) {
            geometryWatcher = new ResultWatcher(bootstrap, List.of(settings.geometryTopic()), r -> r.key());
        }
        return geometryWatcher;
    }

    private synchronized ResultWatcher dynamicsWatcher() {
        if (dynamicsWatcher == null) {
            dynamicsWatcher = new ResultWatcher(bootstrap, List.of(settings.dynamicsTopic()), r -> {
                try {
                    var d = AnalyzerCodecs.STEP_DYNAMICS.decode(r.value());
                    return d.series().stepKey(d.step());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "undecodable dynamics record {}-{}@{}: {}",
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8));
                    return null;
                }
            });
        }
        return dynamicsWatcher;
    }

    /** Stops the queries and the application, waiting up to {@code timeout} for a clean close. */
    public synchronized boolean close(Duration timeout) {
        if (closed) {
            return true;
        }
        closed = true;
        if (queryServer != null) {
            queryServer.close();
        }
        for (ResultWatcher w : new ResultWatcher[] {geometryWatcher, dynamicsWatcher}) {
            if (w != null) {
                w.close();
            }
        }
        boolean clean = true;
        if (streams != null) {
            // leave the group: a restarted analyzer gets its partitions at once, not after the session timeout
            clean = streams.close(CloseOptions.timeout(timeout)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            LOG.info("analyzer {} closed{}", settings.analysisId(), clean ? "" : " (timed out)");
        }
        return clean;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
