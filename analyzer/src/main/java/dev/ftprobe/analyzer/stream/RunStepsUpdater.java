package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.codec.EventCodecs;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@value AnalyzerTopology#RUN_STEPS_STORE} store: run id -> the run's last step (its manifest's
 * {@code totalSteps}), so that label tracking knows which checkpoint is the last one and clusters it, and
 * {@link #layersKey run id/layers} -> the manifest's layers as a bit mask (bit l: layer l; layers above 62 are not
 * kept), so that the probe knows the run's last layer. A manifest that does not decode is skipped (the trainer's topic
 * is not the analyzer's to dead-letter).
 */
final class RunStepsUpdater implements Processor<byte[], byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(RunStepsUpdater.class);
    private KeyValueStore<String, Long> steps;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        steps = context.getStateStore(AnalyzerTopology.RUN_STEPS_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        RunManifest m;
        try {
            m = EventCodecs.RUN_MANIFEST.decode(record.value());
        } catch (CodecException e) {
            String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
            LOG.warn("skipping a run manifest (key {}) that does not decode: {}", key, e.getMessage());
            return;
        }
        steps.put(m.runId(), (long) m.trainingSettings().totalSteps());
        steps.put(layersKey(m.runId()), layerMask(m));
    }

    /** The manifest's layers as the store keeps them: bit l for layer l, layers above 62 left out. */
    static long layerMask(RunManifest m) {
        long mask = 0;
        for (int l : m.layers()) {
            if (l < Long.SIZE - 1) {
                mask |= 1L << l;
            }
        }
        return mask;
    }

    /** The key of a run's layer mask: no run id has a '/', so it cannot be a run's. */
    static String layersKey(String runId) {
        return runId + "/layers";
    }
}
