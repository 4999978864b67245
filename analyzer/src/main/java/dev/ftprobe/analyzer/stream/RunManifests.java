package dev.ftprobe.analyzer.stream;

import dev.ftprobe.events.RunManifest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the analyzer knows of a run's manifest when one of the run's sets is complete: its last step (for label
 * tracking) and its layers (for the probe's last layer).
 *
 * <p>The global {@value AnalyzerTopology#RUN_STEPS_STORE} store ({@link RunStepsUpdater}) answers nearly always. It is
 * fed by Kafka Streams' global thread, though, beside the stream threads and unordered with them: the trainer writes a
 * run's manifest before its first checkpoint and the extractor reads it before it writes the run's first embedding, yet
 * a starved global thread can read it after a stream thread has completed the run's first sets. What those sets decide
 * cannot be decided again (a probe not taken, a last step not known), so a run the store does not know is looked up on
 * the runs topic itself ({@link ManifestLookup}), once per run and processor: what the topic holds is what the store
 * will hold, so the outcome does not depend on the global thread's timing.
 */
final class RunManifests {
    private static final Logger LOG = LoggerFactory.getLogger(RunManifests.class);

    private final Function<String, Long> store;
    private final ManifestLookup lookup;
    /** The runs looked up, with what the runs topic held (empty: no manifest). */
    private final Map<String, Optional<RunManifest>> lookedUp = new HashMap<>();

    /**
     * @param store the global store's lookup (run id -> last step; {@link RunStepsUpdater#layersKey} -> layer mask),
     *     which the global thread may update at any time
     */
    RunManifests(Function<String, Long> store, ManifestLookup lookup) {
        this.store = store;
        this.lookup = lookup;
    }

    /**
     * Makes sure the run's manifest is known if it has been published: looks it up on the runs topic when the global
     * store does not have it yet (once per run). To be called before what depends on it is decided.
     */
    void resolve(String runId) {
        if (store.apply(RunStepsUpdater.layersKey(runId)) != null || lookedUp.containsKey(runId)) {
            return;
        }
        Optional<RunManifest> m = lookup.read(runId);
        lookedUp.put(runId, m);
        if (m.isPresent()) {
            LOG.info("run {}: manifest read from the runs topic (the global store had not read it yet)", runId);
        } else {
            LOG.warn(
                    "run {}: no manifest published; its sets are analysed without one (no layer is the probe's 'last',"
                            + " and label tracking does not know the last step)",
                    runId);
        }
    }

    /** The run's last step (its manifest's total steps), or {@link Checkpoint#UNKNOWN}. */
    long lastStep(String runId) {
        Long last = store.apply(runId);
        if (last != null) {
            return last;
        }
        return looked(runId).map(m -> (long) m.trainingSettings().totalSteps()).orElse(Checkpoint.UNKNOWN);
    }

    /** The run's layers as a bit mask (bit l: layer l), or 0 when its manifest is unknown. */
    long layerMask(String runId) {
        Long mask = store.apply(RunStepsUpdater.layersKey(runId));
        if (mask != null) {
            return mask;
        }
        return looked(runId).map(RunStepsUpdater::layerMask).orElse(0L);
    }

    private Optional<RunManifest> looked(String runId) {
        return lookedUp.getOrDefault(runId, Optional.empty());
    }
}
