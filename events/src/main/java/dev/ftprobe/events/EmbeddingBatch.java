package dev.ftprobe.events;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One chunk of the vectors of a set: the embeddings of one layer for one split of one probe task at one checkpoint step
 * of one run. A set is split into {@code chunkCount} chunks so that each fits the embeddings topic's message limit (see
 * {@code Topics.maxVectorsPerChunk}); chunks are idempotent by their index. Encoded with the binary codec
 * ({@code EmbeddingBatchCodec}), keyed by {@link #recordKey()}.
 *
 * <p>The vectors are one flat row-major array of {@code count() * dim} floats: vector {@code i} occupies {@code [i *
 * dim, (i + 1) * dim)}. For speed the arrays are not copied: treat them as immutable once the batch is built.
 *
 * @param runId the run
 * @param step the checkpoint step
 * @param probeTask the probe task whose examples these are
 * @param split the split (e.g. {@code train}, {@code test})
 * @param layer the layer (0 = embedding output)
 * @param chunkIndex this chunk's index, {@code 0 <= chunkIndex < chunkCount}
 * @param chunkCount the number of chunks in the set
 * @param dim the dimension of each vector (at least 1, at most {@link #MAX_DIM})
 * @param exampleIds the examples' ids within the split, one per vector
 * @param labelIds the examples' label ids, one per vector
 * @param vectors the vectors, flat
 * @param labelNames the task's label names, indexed by label id, so that results can name labels; empty when unknown
 *     (chunks of codec version 1), and then labels are named by their decimal id
 */
public record EmbeddingBatch(
        String runId,
        long step,
        String probeTask,
        String split,
        int layer,
        int chunkIndex,
        int chunkCount,
        int dim,
        int[] exampleIds,
        int[] labelIds,
        float[] vectors,
        List<String> labelNames) {

    /** The largest vector dimension accepted. */
    public static final int MAX_DIM = 1 << 16;

    public EmbeddingBatch {
        Fields.id(runId, "runId");
        Fields.nonNegative(step, "step");
        Fields.id(probeTask, "probeTask");
        Fields.id(split, "split");
        Fields.nonNegative(layer, "layer");
        Fields.check(chunkCount >= 1, "chunkCount", "must be >= 1, was " + chunkCount);
        Fields.check(
                chunkIndex >= 0 && chunkIndex < chunkCount,
                "chunkIndex",
                "must be in [0, " + chunkCount + "), was " + chunkIndex);
        Fields.check(dim >= 1 && dim <= MAX_DIM, "dim", "must be in [1, " + MAX_DIM + "], was " + dim);
        Fields.required(exampleIds, "exampleIds");
        Fields.required(labelIds, "labelIds");
        Fields.required(vectors, "vectors");
        Fields.check(
                labelIds.length == exampleIds.length,
                "labelIds",
                "has " + labelIds.length + " entries for " + exampleIds.length + " example ids");
        Fields.check(
                (long) exampleIds.length * dim == vectors.length,
                "vectors",
                "has " + vectors.length + " floats, expected " + exampleIds.length + " x " + dim);
        labelNames = Fields.list(labelNames, "labelNames");
        if (!labelNames.isEmpty()) {
            for (int l : labelIds) {
                Fields.check(
                        l < labelNames.size(),
                        "labelIds",
                        "label id " + l + " has no name among the task's " + labelNames.size() + " labels");
            }
        }
    }

    /** A chunk without label names (labels are then named by their decimal id). */
    public EmbeddingBatch(
            String runId,
            long step,
            String probeTask,
            String split,
            int layer,
            int chunkIndex,
            int chunkCount,
            int dim,
            int[] exampleIds,
            int[] labelIds,
            float[] vectors) {
        this(
                runId,
                step,
                probeTask,
                split,
                layer,
                chunkIndex,
                chunkCount,
                dim,
                exampleIds,
                labelIds,
                vectors,
                List.of());
    }

    /** The name of label {@code id}: the task's, or its decimal text when the chunk carries no names. */
    public String labelName(int id) {
        return id < labelNames.size() ? labelNames.get(id) : Integer.toString(id);
    }

    /** The number of vectors in this chunk. */
    public int count() {
        return exampleIds.length;
    }

    /** A copy of vector {@code i}. */
    public float[] vector(int i) {
        Objects.checkIndex(i, count());
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** Bytes of vector payload (4 per float). */
    public long payloadBytes() {
        return 4L * vectors.length;
    }

    /**
     * The Kafka key of this chunk: its series, {@link #seriesKey(String, String, int)}. One partition then holds all
     * chunks of a (run, probe task, layer) series, train and test, in the order the extractor wrote them, checkpoint
     * after checkpoint. So the analyzer completes and analyses a series' sets in step order (keyed by set, its tasks
     * interleaved the partitions and analysed late steps before early ones), computes the series' dynamics in the same
     * task without a repartition, and can analyse different layers, and runs, in parallel on several stream threads or
     * instances.
     */
    public String recordKey() {
        return seriesKey(runId, probeTask, layer);
    }

    /** {@code run/probeTask/layer}: the key of a series' chunks and of its dynamics. */
    public static String seriesKey(String runId, String probeTask, int layer) {
        return runId + '/' + probeTask + '/' + layer;
    }

    /** Identifies the set this chunk belongs to: {@code run/step/probeTask/split/layer}. */
    public String setKey() {
        return setKey(runId, step, probeTask, split, layer);
    }

    /** {@code run/step/probeTask/split/layer}; unambiguous since identifiers contain no {@code /}. */
    public static String setKey(String runId, long step, String probeTask, String split, int layer) {
        return runId + '/' + step + '/' + probeTask + '/' + split + '/' + layer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingBatch b
                && runId.equals(b.runId)
                && step == b.step
                && probeTask.equals(b.probeTask)
                && split.equals(b.split)
                && layer == b.layer
                && chunkIndex == b.chunkIndex
                && chunkCount == b.chunkCount
                && dim == b.dim
                && Arrays.equals(exampleIds, b.exampleIds)
                && Arrays.equals(labelIds, b.labelIds)
                && Arrays.equals(vectors, b.vectors)
                && labelNames.equals(b.labelNames);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(runId, step, probeTask, split, layer, chunkIndex, chunkCount, dim);
        h = 31 * h + Arrays.hashCode(exampleIds);
        h = 31 * h + Arrays.hashCode(labelIds);
        h = 31 * h + Arrays.hashCode(vectors);
        return 31 * h + labelNames.hashCode();
    }

    @Override
    public String toString() {
        return "EmbeddingBatch[" + setKey() + " chunk " + chunkIndex + "/" + chunkCount + ", " + count() + " x " + dim
                + "]";
    }
}
