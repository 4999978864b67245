package dev.ftprobe.extractor;

import dev.ftprobe.events.EmbeddingBatch;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the vectors of one layer of one (run, step, probe task, split) into {@link EmbeddingBatch} chunks as they
 * arrive, so that a split is never held whole: the number of chunks is known upfront from the number of examples, and
 * chunk {@code i} holds examples {@code [i * size, (i + 1) * size)}. Every chunk carries the task's label names, so
 * that the analyzer's results name the labels.
 */
final class SetWriter {
    private final String runId;
    private final long step;
    private final String probeTask;
    private final String split;
    private final int layer;
    private final int dim;
    private final int chunkSize;
    private final int chunkCount;
    private final List<String> labelNames;
    private final Consumer<EmbeddingBatch> out;
    private int[] ids;
    private int[] labels;
    private float[] vectors;
    private int filled;
    private int chunkIndex;

    SetWriter(
            String runId,
            long step,
            String probeTask,
            String split,
            int layer,
            int dim,
            int examples,
            int chunkSize,
            List<String> labelNames,
            Consumer<EmbeddingBatch> out) {
        this.runId = runId;
        this.step = step;
        this.probeTask = probeTask;
        this.split = split;
        this.layer = layer;
        this.dim = dim;
        this.chunkSize = chunkSize;
        this.chunkCount = Math.max(1, (examples + chunkSize - 1) / chunkSize);
        this.labelNames = List.copyOf(labelNames);
        this.out = out;
        fresh(Math.min(chunkSize, examples));
    }

    static int chunkCount(int examples, int chunkSize) {
        return Math.max(1, (examples + chunkSize - 1) / chunkSize);
    }

    private void fresh(int n) {
        ids = new int[n];
        labels = new int[n];
        vectors = new float[n * dim];
        filled = 0;
    }

    void add(int exampleId, int labelId, float[] vector, int remainingAfter) {
        if (vector.length != dim) {
            throw new IllegalStateException("vector of " + vector.length + " dims for a set of " + dim);
        }
        ids[filled] = exampleId;
        labels[filled] = labelId;
        System.arraycopy(vector, 0, vectors, filled * dim, dim);
        filled++;
        if (filled == ids.length) {
            emit();
            if (remainingAfter > 0) {
                fresh(Math.min(chunkSize, remainingAfter));
            }
        }
    }

    /** Emits the last chunk of an empty set; a non-empty set emits as it fills. */
    void finish() {
        if (chunkIndex == 0 && ids.length == 0) {
            emit();
        }
        if (chunkIndex != chunkCount) {
            throw new IllegalStateException("set " + EmbeddingBatch.setKey(runId, step, probeTask, split, layer)
                    + " emitted " + chunkIndex + " of " + chunkCount + " chunks");
        }
    }

    private void emit() {
        out.accept(new EmbeddingBatch(
                runId,
                step,
                probeTask,
                split,
                layer,
                chunkIndex,
                chunkCount,
                dim,
                Arrays.copyOf(ids, filled),
                Arrays.copyOf(labels, filled),
                vectors,
                labelNames));
        chunkIndex++;
    }
}
