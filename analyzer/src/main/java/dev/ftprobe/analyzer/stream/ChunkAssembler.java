package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.events.DeadLetter;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.codec.EventCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes embedding chunks from raw bytes, stores each under its set and chunk index until the set is complete, then
 * analyses the set once and forwards its geometry; forwards a dead letter for any record that does not decode, whose
 * key is not its set's, or whose set is invalid. Decoding here rather than in a serde is what lets a corrupt record
 * become a dead letter instead of stopping the application.
 *
 * <p>Stores: {@value AnalyzerTopology#CHUNKS_STORE} (set key + chunk index -> raw chunk),
 * {@value AnalyzerTopology#PROGRESS_STORE} (set key -> chunks received), {@value AnalyzerTopology#DONE_STORE} (set key
 * -> the set's digest, or {@code invalid}): a chunk of a done set is a late duplicate and is dropped, so a set is
 * analysed once whatever is redelivered. Chunks are freed once their set is done, but those of a set the probes take
 * ({@link ProbeScheduler}), which stay until the probe of its step has run.
 */
final class ChunkAssembler implements Processor<byte[], byte[], String, AssemblerOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkAssembler.class);
    static final String INVALID = "invalid";

    private final AnalyzerSettings settings;
    private ProcessorContext<String, AssemblerOutput> context;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, byte[]> progress;
    private KeyValueStore<String, String> done;
    private KeyValueStore<String, byte[]> supports;
    private RunManifests manifests;
    private final ProbeScheduler probes;

    private final SetOverruns overruns;

    ChunkAssembler(AnalyzerSettings settings, SetOverruns overruns) {
        this.settings = settings;
        this.overruns = overruns;
        this.probes = new ProbeScheduler(settings);
    }

    @Override
    public void init(ProcessorContext<String, AssemblerOutput> context) {
        this.context = context;
        this.chunks = context.getStateStore(AnalyzerTopology.CHUNKS_STORE);
        this.progress = context.getStateStore(AnalyzerTopology.PROGRESS_STORE);
        this.done = context.getStateStore(AnalyzerTopology.DONE_STORE);
        this.supports = context.getStateStore(AnalyzerTopology.SUPPORTS_STORE);
        ReadOnlyKeyValueStore<String, Long> runSteps = context.getStateStore(AnalyzerTopology.RUN_STEPS_STORE);
        this.manifests = new RunManifests(runSteps::get, settings.manifestLookup());
        probes.init(context, manifests);
    }

    @Override
    public void close() {
        probes.close();
    }

    /** {@code setKey#index}, the index zero-padded so that a prefix scan returns the chunks in order. */
    static String chunkKey(String setKey, int index) {
        return setKey + '#' + String.format("%010d", index);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        EmbeddingBatch batch;
        try {
            batch = EventCodecs.EMBEDDING_BATCH.decode(record.value());
        } catch (CodecException e) {
            deadLetter(record, "cannot decode EmbeddingBatch: " + e.getMessage());
            return;
        }
        String setKey = batch.setKey();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!batch.recordKey().equals(key) && !batch.runId().equals(key)) {
            // a series' chunks must share a partition: else its sets may never complete, or its
            // dynamics (computed in this task) miss steps. The run id is the key of topics written
            // before chunks were keyed by series, and still keeps a series on one partition.
            deadLetter(
                    record,
                    "record key " + (key == null ? "null" : "\"" + key + "\"")
                            + " is neither the chunk's series \"" + batch.recordKey() + "\" nor its run id \""
                            + batch.runId() + "\" (chunks keyed by set, before ftprobe keyed them by run, cannot be"
                            + " analysed: extract the run again)");
            return;
        }
        if (!settings.analyses(batch.layer())) {
            return;
        }
        if (done.get(setKey) != null) {
            settings.metrics().duplicateChunk();
            return;
        }
        byte[] p = progress.get(setKey);
        ChunkProgress got = p == null ? new ChunkProgress(batch.chunkCount()) : ChunkProgress.decode(p);
        if (got.chunkCount() != batch.chunkCount()) {
            deadLetter(
                    record,
                    "set " + setKey + " chunk " + batch.chunkIndex() + ": chunkCount " + batch.chunkCount()
                            + " disagrees with " + got.chunkCount() + " of the set's earlier chunks");
            return;
        }
        if (got.has(batch.chunkIndex())) {
            settings.metrics().duplicateChunk();
            return;
        }
        got.add(batch.chunkIndex());
        if (!got.complete()) {
            chunks.put(chunkKey(setKey, batch.chunkIndex()), record.value());
            progress.put(setKey, got.encode());
            return;
        }
        SetId id = new SetId(batch.runId(), batch.step(), batch.probeTask(), batch.split(), batch.layer());
        manifests.resolve(id.runId()); // what the probe and the tracking decide below needs it
        boolean probed = probes.takes(id);
        List<EmbeddingBatch> all = probed ? readAndKeep(setKey, batch, record.value()) : readAndFree(setKey, batch);
        progress.delete(setKey);
        AssembledSet set;
        try {
            set = AssembledSet.of(all);
        } catch (InvalidSetException e) {
            done.put(setKey, INVALID);
            probes.setFailed(id);
            deadLetter(record, "invalid set: " + e.getMessage());
            return;
        }
        String refusal = overruns.refusal(setKey);
        if (refusal != null) {
            LOG.error("{}", refusal);
            done.put(setKey, INVALID);
            probes.setFailed(id);
            deadLetter(record, refusal);
            return;
        }
        long t0 = System.nanoTime();
        SetGeometry geometry;
        String supportsKey = set.id().series().key() + '/' + set.id().split();
        try {
            Analysed analysed = settings.setAnalysis().analyse(set, checkpoint(set, supportsKey));
            geometry = analysed.geometry();
            if (analysed.supports() != null) {
                supports.put(supportsKey, SupportsCodec.encode(analysed.supports()));
            }
        } catch (RuntimeException e) {
            // a set the geometry cannot take must not stop the analysis of every other set
            LOG.error("analysing set {} failed", setKey, e);
            done.put(setKey, INVALID);
            probes.setFailed(id);
            deadLetter(record, "analysing set " + setKey + " failed: " + e);
            return;
        }
        long nanos = System.nanoTime() - t0;
        if (overruns.record(setKey, Duration.ofNanos(nanos))) {
            // the commit that follows will fail; say why before Kafka's own messages do
            LOG.error("{}", overruns.explanation(setKey, Duration.ofNanos(nanos)));
        }
        settings.metrics().setAnalysed(geometry, nanos);
        LOG.info(
                "set {} analysed: {} points{} in {} dimensions, {} clusters for {} labels{} in {} s",
                setKey,
                geometry.points(),
                geometry.sample() == null
                        ? ""
                        : " (at most " + geometry.sample().maxPerLabel() + " per label of "
                                + geometry.sample().setPoints() + ")",
                geometry.dim(),
                geometry.geometry().clusters(),
                geometry.geometry().labels().size(),
                geometry.geometry().linear() ? " (linear)" : "",
                String.format(Locale.ROOT, "%.1f", nanos / 1e9));
        done.put(setKey, set.sha256());
        // the dynamics learn that the step waits for its probe before the geometry that completes the step
        Optional<ProbeJob> job = probed ? probes.completed(id, record) : Optional.empty();
        context.forward(record.withKey(setKey).withValue(AssemblerOutput.of(geometry)));
        job.ifPresent(probes::start);
        // a set takes seconds to minutes: commit now, so that its geometry and the dynamics it
        // completed (both read_committed) are visible before the next set is done
        context.commit();
    }

    /** The run's last step if its manifest is known, and the series' and split's warm starts. */
    private Checkpoint checkpoint(AssembledSet set, String supportsKey) {
        byte[] warm = supports.get(supportsKey);
        return new Checkpoint(
                manifests.lastStep(set.id().runId()), warm == null ? Map.of() : SupportsCodec.decode(warm));
    }

    /** The set's chunks in index order, the last one given, which is stored with them: all kept for the probe. */
    private List<EmbeddingBatch> readAndKeep(String setKey, EmbeddingBatch last, byte[] lastBytes) {
        chunks.put(chunkKey(setKey, last.chunkIndex()), lastBytes);
        List<EmbeddingBatch> all = new ArrayList<>(last.chunkCount());
        try (KeyValueIterator<String, byte[]> it = chunks.prefixScan(setKey + '#', new StringSerializer())) {
            while (it.hasNext()) {
                all.add(EventCodecs.EMBEDDING_BATCH.decode(it.next().value));
            }
        }
        return all;
    }

    /** The set's chunks in index order, the last one given; their entries are deleted from the store. */
    private List<EmbeddingBatch> readAndFree(String setKey, EmbeddingBatch last) {
        List<EmbeddingBatch> all = new ArrayList<>(last.chunkCount());
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chunks.prefixScan(setKey + '#', new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
                all.add(EventCodecs.EMBEDDING_BATCH.decode(kv.value));
            }
        }
        for (String k : keys) {
            chunks.delete(k);
        }
        all.add(last);
        all.sort(Comparator.comparingInt(EmbeddingBatch::chunkIndex));
        return all;
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        String topic = m == null ? "unknown" : m.topic();
        DeadLetter d = DeadLetter.of(
                topic,
                m == null ? 0 : m.partition(),
                m == null ? 0 : m.offset(),
                record.key(),
                record.value(),
                reason,
                AnalyzerSettings.SERVICE,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.warn("dead-lettering {}-{}@{}: {}", topic, d.partition(), d.offset(), reason);
        settings.metrics().deadLetter();
        context.forward(record.withKey(topic).withValue(AssemblerOutput.of(d)));
    }
}
