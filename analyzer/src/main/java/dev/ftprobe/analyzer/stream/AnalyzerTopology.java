package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer's topology, the same in production and in {@code TopologyTestDriver} tests:
 *
 * <pre>
 * ftprobe.embeddings (bytes, key: run/task/layer)
 * ftprobe.runs -> [run-steps] (global: each run's last step and layers)
 *   -> assemble-and-analyse   [set-chunks, set-progress, done-sets, tracking-supports, probe-jobs]: decode, assemble,
 *                             geometry; the probes, off the stream thread, forwarded from a punctuation
 *   -> route-dead-letters     -> ftprobe.dead-letters
 *   -> route-probes           (what became of a step's probe)
 *   -> route-geometry         -> ftprobe.analysis.&lt;id&gt;.geometry (key: set)
 *   -> dynamics-input         (geometry and probes merged)
 *        -> dynamics          [series-sets, step-dynamics, step-probes]
 *        -> ftprobe.analysis.&lt;id&gt;.dynamics (key: run/task/layer)
 * </pre>
 *
 * One sub-topology: the embeddings are keyed by series ({@code EmbeddingBatch#recordKey}), so a task holds whole series
 * and computes their dynamics right after the set that completes a step, in the same record and the same commit. (With
 * a repartition topic in between, a step's dynamics waited behind the next set's analysis, minutes at paper scale.)
 *
 * <p>Every processor, store and internal topic is named, so that the names (and the state they hold) stay the same as
 * the topology evolves. Caching is off: the stores are read back within the same record, and outputs should leave as
 * soon as they are computed.
 */
public final class AnalyzerTopology {
    public static final String CHUNKS_STORE = "set-chunks";
    public static final String PROGRESS_STORE = "set-progress";
    public static final String DONE_STORE = "done-sets";
    public static final String SERIES_SETS_STORE = "series-sets";
    public static final String DYNAMICS_STORE = "step-dynamics";
    /** Series key + '/' + split -> the last tracked step's supports ({@link SupportsCodec}): the warm starts. */
    public static final String SUPPORTS_STORE = "tracking-supports";
    /** Global: run id -> the run's last step, from the runs topic's manifests. */
    public static final String RUN_STEPS_STORE = "run-steps";
    /** Step key -> a probe started and not yet forwarded ({@link ProbeJob}). */
    public static final String PROBE_JOBS_STORE = "probe-jobs";
    /** Step key -> the step's probe as the dynamics wait for it ({@link DynamicsProcessor}). */
    public static final String STEP_PROBES_STORE = "step-probes";

    private AnalyzerTopology() {}

    public static Topology buildTopology(AnalyzerSettings settings) {
        // shared by every task of this topology: a task rebuilt after an eviction must know what overran
        return buildTopology(settings, new SetOverruns(settings.maxSetTime()));
    }

    /** {@link #buildTopology(AnalyzerSettings)} with the overruns given (tests record one beforehand). */
    static Topology buildTopology(AnalyzerSettings settings, SetOverruns overruns) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CHUNKS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DONE_STORE), Serdes.String(), Serdes.String())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SERIES_SETS_STORE),
                        Serdes.String(),
                        AnalyzerCodecs.setGeometrySerde())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DYNAMICS_STORE),
                        Serdes.String(),
                        AnalyzerCodecs.stepDynamicsSerde())
                .withCachingDisabled());

        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SUPPORTS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PROBE_JOBS_STORE), Serdes.String(), Serdes.String())
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STEP_PROBES_STORE), Serdes.String(), Serdes.String())
                .withCachingDisabled());
        // a global store: every task needs the last step of every run, and it is bootstrapped from the runs topic
        // before any embedding is processed, so that a replay sees the same manifests (no dependence on timing)
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RUN_STEPS_STORE), Serdes.String(), Serdes.Long())
                        .withCachingDisabled()
                        .withLoggingDisabled(),
                Topics.RUNS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("runs"),
                RunStepsUpdater::new);

        KStream<String, AssemblerOutput> assembled = builder.stream(
                        Topics.EMBEDDINGS.name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("embeddings"))
                .process(
                        () -> new ChunkAssembler(settings, overruns),
                        Named.as("assemble-and-analyse"),
                        CHUNKS_STORE,
                        PROGRESS_STORE,
                        DONE_STORE,
                        SUPPORTS_STORE,
                        PROBE_JOBS_STORE);

        var branches = assembled
                .split(Named.as("route-"))
                .branch((k, v) -> v.isDeadLetter(), Branched.as("dead-letters"))
                .branch((k, v) -> v.isProbe(), Branched.as("probes"))
                .defaultBranch(Branched.as("geometry"));

        branches.get("route-dead-letters")
                .mapValues(AssemblerOutput::deadLetter, Named.as("dead-letter-value"))
                .to(
                        Topics.DEAD_LETTERS.name(),
                        Produced.with(Serdes.String(), EventCodecs.deadLetterSerde())
                                .withName("to-dead-letters"));

        KStream<String, AssemblerOutput> results = branches.get("route-geometry");
        results.mapValues(AssemblerOutput::geometry, Named.as("geometry-value"))
                .to(
                        settings.geometryTopic(),
                        Produced.with(Serdes.String(), AnalyzerCodecs.setGeometrySerde())
                                .withName("to-geometry"));

        results.merge(branches.get("route-probes"), Named.as("dynamics-input"))
                .process(
                        () -> new DynamicsProcessor(settings),
                        Named.as("dynamics"),
                        SERIES_SETS_STORE,
                        DYNAMICS_STORE,
                        STEP_PROBES_STORE)
                .to(
                        settings.dynamicsTopic(),
                        Produced.<String, StepDynamics>with(Serdes.String(), AnalyzerCodecs.stepDynamicsSerde())
                                .withName("to-dynamics"));
        return builder.build();
    }
}
