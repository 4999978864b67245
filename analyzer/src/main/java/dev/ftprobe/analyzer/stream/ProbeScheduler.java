package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembler's part in the probes: which sets they take ({@code --probe-steps}, {@code --probe-layers}, the train
 * and test splits), keeping those sets' chunks until both splits of the step are done, starting the step's probe on a
 * {@link ProbeRunner} once the geometry of the set that completed the pair has been forwarded, and forwarding the
 * outcome from a wall-clock punctuation when the probe is done (or dead-lettering the pair when the probe cannot take
 * it). The step's dynamics wait for the outcome ({@link DynamicsProcessor}); no geometry does.
 *
 * <p>The jobs are in {@value AnalyzerTopology#PROBE_JOBS_STORE} (step key -> {@link ProbeJob}) and their sets' chunks
 * in {@value AnalyzerTopology#CHUNKS_STORE} until the outcome is forwarded, in the same transaction; a task that
 * restarts runs the jobs it finds again.
 */
final class ProbeScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);
    /** How often the stream thread looks for finished probes. */
    static final Duration COLLECT_EVERY = Duration.ofSeconds(1);

    private final AnalyzerSettings settings;
    private final ProbeRunner runner;
    private ProcessorContext<String, AssemblerOutput> context;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, String> done;
    private KeyValueStore<String, String> jobs;
    private RunManifests manifests;

    ProbeScheduler(AnalyzerSettings settings) {
        this.settings = settings;
        this.runner = new ProbeRunner(settings.probeGrid(), AnalyzerSettings.PROBE_SEED);
    }

    void init(ProcessorContext<String, AssemblerOutput> context, RunManifests manifests) {
        this.context = context;
        this.chunks = context.getStateStore(AnalyzerTopology.CHUNKS_STORE);
        this.done = context.getStateStore(AnalyzerTopology.DONE_STORE);
        this.jobs = context.getStateStore(AnalyzerTopology.PROBE_JOBS_STORE);
        this.manifests = manifests;
        runner.keepProgressIn(progressDir(context));
        List<ProbeJob> stored = new ArrayList<>();
        try (KeyValueIterator<String, String> it = jobs.all()) {
            while (it.hasNext()) {
                stored.add(ProbeJob.decode(it.next().value));
            }
        }
        for (ProbeJob job : stored) {
            LOG.info("probe of {} step {} was not finished; running it again", job.series(), job.step());
            start(job);
        }
        context.schedule(COLLECT_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> collect());
    }

    /**
     * Where the probes keep their progress: beside the application's state directory, not in a task's, which Kafka
     * Streams wipes when it finds it corrupt after a crash, the case the progress is for. (The app configs hold
     * {@code state.dir} always, its default included.)
     */
    static Path progressDir(ProcessorContext<?, ?> context) {
        Path stateDir = Path.of(String.valueOf(context.appConfigs().get(StreamsConfig.STATE_DIR_CONFIG)));
        return stateDir.resolve(context.applicationId() + "-probe-progress");
    }

    /** Whether the probe takes this set: its chunks are then kept until the probe of its step is done. */
    boolean takes(SetId id) {
        if (!id.split().equals(settings.trainSplit()) && !id.split().equals(settings.testSplit())) {
            return false;
        }
        return settings.probeSteps().chosen(id.step(), manifests.lastStep(id.runId()))
                && settings.probeLayers().chosen(id.layer(), lastLayer(id.runId()));
    }

    /** The highest layer of the run's manifest that this analyzer analyses; -1 when unknown. */
    private int lastLayer(String runId) {
        long mask = manifests.layerMask(runId);
        for (int l = Long.SIZE - 1; l >= 0; l--) {
            if ((mask & (1L << l)) != 0 && settings.analyses(l)) {
                return l;
            }
        }
        return -1;
    }

    /**
     * The set {@code id}, which the probe takes, is done: when its other split is done too, the step's job (stored, and
     * announced to the dynamics as pending). To be called before the set's geometry is forwarded, and the job started
     * with {@link #start} after.
     */
    Optional<ProbeJob> completed(SetId id, Record<byte[], byte[]> record) {
        String other = id.split().equals(settings.trainSplit()) ? settings.testSplit() : settings.trainSplit();
        SetId partner = new SetId(id.runId(), id.step(), id.probeTask(), other, id.layer());
        String partnerDone = done.get(partner.key());
        String stepKey = id.series().stepKey(id.step());
        if (partnerDone == null || ChunkAssembler.INVALID.equals(partnerDone) || jobs.get(stepKey) != null) {
            return Optional.empty();
        }
        SetId train = id.split().equals(settings.trainSplit()) ? id : partner;
        SetId test = train == id ? partner : id;
        var m = context.recordMetadata();
        ProbeJob job = new ProbeJob(
                id.series(),
                id.step(),
                train.key(),
                test.key(),
                m.map(x -> x.topic()).orElse("unknown"),
                m.map(x -> x.partition()).orElse(0),
                m.map(x -> x.offset()).orElse(0L));
        jobs.put(stepKey, job.encode());
        context.forward(record.withKey(id.series().key())
                .withValue(AssemblerOutput.of(ProbeOutcome.pending(id.series(), id.step()))));
        return Optional.of(job);
    }

    /** A set the probe takes could not be analysed: its partner's chunks, kept for the probe, are freed. */
    void setFailed(SetId id) {
        for (String split : List.of(settings.trainSplit(), settings.testSplit())) {
            String key = new SetId(id.runId(), id.step(), id.probeTask(), split, id.layer()).key();
            if (done.get(key) != null && jobs.get(id.series().stepKey(id.step())) == null) {
                free(key);
            }
        }
    }

    /** Starts the job's probe on the kept chunks of its two sets. */
    void start(ProbeJob job) {
        ProbePoints points;
        try {
            points = ProbePoints.of(assembled(job.trainSet()), assembled(job.testSet()));
        } catch (RuntimeException e) {
            runner.fail(job, e); // forwarded by the next collection (init may not forward)
            return;
        }
        runner.submit(job, points);
    }

    /** Forwards the outcomes of the probes finished since the last look, and commits. */
    private void collect() {
        Map<ProbeJob, ProbeOutcome> finished = runner.finished();
        finished.forEach(this::finish);
        if (!finished.isEmpty()) {
            context.commit();
        }
    }

    private void finish(ProbeJob job, ProbeOutcome outcome) {
        if (outcome.failure() != null) {
            deadLetter(job, "probing " + job.series() + " step " + job.step() + " failed: " + outcome.failure());
        } else {
            settings.metrics().probed(job.series(), job.step(), outcome.result());
        }
        free(job.trainSet());
        free(job.testSet());
        jobs.delete(job.stepKey());
        context.forward(new Record<>(job.series().key(), AssemblerOutput.of(outcome), context.currentSystemTimeMs()));
    }

    private AssembledSet assembled(String setKey) {
        List<EmbeddingBatch> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chunks.prefixScan(setKey + '#', new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                all.add(EventCodecs.EMBEDDING_BATCH.decode(kv.value));
            }
        }
        return AssembledSet.of(all);
    }

    private void free(String setKey) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chunks.prefixScan(setKey + '#', new StringSerializer())) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(chunks::delete);
    }

    private void deadLetter(ProbeJob job, String reason) {
        DeadLetter d = DeadLetter.of(
                job.topic(),
                job.partition(),
                job.offset(),
                job.series().key().getBytes(StandardCharsets.UTF_8),
                null,
                reason,
                AnalyzerSettings.SERVICE,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.warn("dead-lettering the probe of {}-{}@{}: {}", job.topic(), job.partition(), job.offset(), reason);
        settings.metrics().deadLetter();
        context.forward(new Record<>(job.topic(), AssemblerOutput.of(d), context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        runner.close();
    }
}
