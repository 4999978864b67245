package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.Fields;

/**
 * A (run, probe task, layer) series, over whose steps the dynamics are computed. Key {@code run/probeTask/layer} of the
 * dynamics topic and stores.
 */
public record SeriesId(String runId, String probeTask, int layer) {
    public SeriesId {
        Fields.id(runId, "runId");
        Fields.id(probeTask, "probeTask");
        Fields.nonNegative(layer, "layer");
    }

    /** The same as the key of the series' embedding chunks, {@link EmbeddingBatch#seriesKey}. */
    public String key() {
        return EmbeddingBatch.seriesKey(runId, probeTask, layer);
    }

    /** The key of one step of this series: steps zero-padded so that keys sort by step. */
    public String stepKey(long step) {
        return key() + '/' + String.format("%019d", step);
    }

    @Override
    public String toString() {
        return key();
    }
}
