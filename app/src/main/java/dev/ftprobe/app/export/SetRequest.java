package dev.ftprobe.app.export;

import dev.ftprobe.events.EmbeddingBatch;
import java.util.List;

/** The sets to export: the given splits of one (run, step, probe task, layer). */
record SetRequest(String runId, long step, String probeTask, int layer, List<String> splits) {
    SetRequest {
        splits = List.copyOf(splits);
    }

    /** The Kafka key of the series' chunks. */
    String seriesKey() {
        return EmbeddingBatch.seriesKey(runId, probeTask, layer);
    }

    String setKey(String split) {
        return EmbeddingBatch.setKey(runId, step, probeTask, split, layer);
    }
}
