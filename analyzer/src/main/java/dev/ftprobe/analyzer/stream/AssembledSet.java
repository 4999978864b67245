package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.events.EmbeddingBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A complete set: the chunks of one (run, step, probe task, split, layer) concatenated in chunk-index order, whatever
 * order they arrived in. {@link #sha256()} digests exactly that content (the label names, which only name the labels,
 * are not part of it, so a set's digest is the same with or without them).
 *
 * @param labelNames the task's label names by label id, as every chunk carries them; empty when the chunks carry none
 *     (labels are then named by their decimal id)
 */
public record AssembledSet(
        SetId id, int dim, int[] exampleIds, int[] labelIds, float[] vectors, String sha256, List<String> labelNames) {

    /**
     * Concatenates the chunks, which must be all the chunks of one set in index order.
     *
     * @throws InvalidSetException when the chunks do not make one set (dimensions, counts or indexes disagree)
     */
    public static AssembledSet of(List<EmbeddingBatch> chunks) {
        if (chunks.isEmpty()) {
            throw new InvalidSetException("a set needs at least one chunk");
        }
        EmbeddingBatch first = chunks.get(0);
        SetId id = SetId.of(first);
        int n = 0;
        for (int i = 0; i < chunks.size(); i++) {
            EmbeddingBatch c = chunks.get(i);
            if (!SetId.of(c).equals(id)) {
                throw new InvalidSetException("set " + id + ": chunk " + i + " belongs to set " + c.setKey());
            }
            if (c.chunkIndex() != i || c.chunkCount() != chunks.size()) {
                throw new InvalidSetException("set " + id + ": chunk " + i + " is chunk " + c.chunkIndex() + " of "
                        + c.chunkCount() + ", expected " + i + " of " + chunks.size());
            }
            if (c.dim() != first.dim()) {
                throw new InvalidSetException(
                        "set " + id + ": chunk " + i + " has dim " + c.dim() + ", chunk 0 has " + first.dim());
            }
            if (!c.labelNames().equals(first.labelNames())) {
                throw new InvalidSetException("set " + id + ": chunk " + i + " names the labels " + c.labelNames()
                        + ", chunk 0 " + first.labelNames());
            }
            n = Math.addExact(n, c.count());
        }
        if (n == 0) {
            throw new InvalidSetException("set " + id + " has no vectors");
        }
        int dim = first.dim();
        int[] exampleIds = new int[n];
        int[] labelIds = new int[n];
        float[] vectors = new float[Math.multiplyExact(n, dim)];
        int at = 0;
        for (EmbeddingBatch c : chunks) {
            System.arraycopy(c.exampleIds(), 0, exampleIds, at, c.count());
            System.arraycopy(c.labelIds(), 0, labelIds, at, c.count());
            System.arraycopy(c.vectors(), 0, vectors, at * dim, c.count() * dim);
            at += c.count();
        }
        for (int i = 0; i < n; i++) {
            if (labelIds[i] < 0) {
                throw new InvalidSetException("set " + id + ": vector " + i + " (example " + exampleIds[i]
                        + ") has negative label id " + labelIds[i]);
            }
        }
        for (int i = 0; i < vectors.length; i++) {
            if (!Float.isFinite(vectors[i])) {
                throw new InvalidSetException("set " + id + ": vector " + i / dim + " (example " + exampleIds[i / dim]
                        + ") component " + i % dim + " is " + vectors[i]);
            }
        }
        return new AssembledSet(
                id,
                dim,
                exampleIds,
                labelIds,
                vectors,
                digest(id, dim, exampleIds, labelIds, vectors),
                first.labelNames());
    }

    /** The name of label {@code id}: the task's, or its decimal text when the chunks carry no names. */
    public String labelName(int id) {
        return id < labelNames.size() ? labelNames.get(id) : Integer.toString(id);
    }

    public int size() {
        return exampleIds.length;
    }

    private static String digest(SetId id, int dim, int[] exampleIds, int[] labelIds, float[] vectors) {
        MessageDigest md = DigestUtils.getSha256Digest();
        md.update(id.key().getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * exampleIds.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dim).putInt(exampleIds.length);
        b.asIntBuffer().put(exampleIds);
        b.position(8 + 4 * exampleIds.length);
        b.asIntBuffer().put(labelIds);
        md.update(b.array());
        ByteBuffer v = ByteBuffer.allocate(4 * vectors.length).order(ByteOrder.LITTLE_ENDIAN);
        v.asFloatBuffer().put(vectors);
        md.update(v.array());
        return HexFormat.of().formatHex(md.digest());
    }
}
