package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.Fields;

/**
 * Identifies a set: the vectors of one layer, for one split of one probe task, at one step of one run. Its
 * {@link #key()} is {@link EmbeddingBatch#setKey()}, the key of the geometry topic's records.
 */
public record SetId(String runId, long step, String probeTask, String split, int layer) {
    public SetId {
        Fields.id(runId, "runId");
        Fields.nonNegative(step, "step");
        Fields.id(probeTask, "probeTask");
        Fields.id(split, "split");
        Fields.nonNegative(layer, "layer");
    }

    public static SetId of(EmbeddingBatch b) {
        return new SetId(b.runId(), b.step(), b.probeTask(), b.split(), b.layer());
    }

    public static SetId of(SetGeometry g) {
        return new SetId(g.runId(), g.step(), g.probeTask(), g.split(), g.layer());
    }

    public String key() {
        return EmbeddingBatch.setKey(runId, step, probeTask, split, layer);
    }

    /** The series this set belongs to: its run, probe task and layer. */
    public SeriesId series() {
        return new SeriesId(runId, probeTask, layer);
    }

    @Override
    public String toString() {
        return key();
    }
}
