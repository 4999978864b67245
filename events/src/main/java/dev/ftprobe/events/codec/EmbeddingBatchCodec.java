package dev.ftprobe.events.codec;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.InvalidEventException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary codec of {@link EmbeddingBatch}. Layout (all integers little-endian):
 *
 * <pre>
 * offset size
 *  0      4   magic "FTEB"
 *  4      2   version (u16) = 2 (1 is still read)
 *  6      2   flags (u16), reserved, 0
 *  8      4   length: the whole message in bytes, checksum included
 * 12      8   step
 * 20      4   layer
 * 24      4   chunkIndex
 * 28      4   chunkCount
 * 32      4   dim
 * 36      4   count (number of vectors)
 * 40          runId, probeTask, split: each a u16 byte length then UTF-8 bytes (at most 1024)
 *         2   labelNames count (u16), then each name as a u16 byte length and UTF-8 bytes (version 2 only;
 *             at most {@link #MAX_LABEL_NAMES_BYTES} in all, taken from the room topics keep beside the vectors)
 *         4n  exampleIds (i32 each)
 *         4n  labelIds (i32 each)
 *       4n*d  vectors (float32 each, row-major)
 *         4   CRC-32C of every byte before it
 * </pre>
 *
 * Decoding checks every length against the bytes present and the limit, then the checksum, then the event's own
 * contract; any failure is a {@link CodecException} naming the field. Version 1 is version 2 without the label names:
 * it decodes with none (labels are then named by their decimal id).
 */
public final class EmbeddingBatchCodec {
    public static final int VERSION = 2;
    /** The version before label names. */
    public static final int VERSION_WITHOUT_LABEL_NAMES = 1;
    /** "FTEB" read as a little-endian int. */
    static final int MAGIC = 'F' | 'T' << 8 | 'E' << 16 | 'B' << 24;

    static final int FIXED_HEADER = 40;
    /** The most UTF-8 bytes of each text field. */
    public static final int MAX_TEXT_BYTES = 1024;
    /** The most bytes of the label-names section, its count included (a task's names are a few hundred). */
    public static final int MAX_LABEL_NAMES_BYTES = 16 * 1024;
    /**
     * The largest encoding of everything but the arrays and the label names (the latter fit the room
     * {@code Topics.CHUNK_RESERVE_BYTES} keeps beside the vectors).
     */
    public static final int MAX_OVERHEAD = FIXED_HEADER + 3 * (2 + MAX_TEXT_BYTES) + 2 + 4;

    private final int maxMessageBytes;

    /** A codec that refuses messages above {@code maxMessageBytes}, encoding and decoding. */
    public EmbeddingBatchCodec(int maxMessageBytes) {
        if (maxMessageBytes < MAX_OVERHEAD) {
            throw new IllegalArgumentException("maxMessageBytes too small: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The encoded size of a batch with these texts and shape and no label names. */
    public static long encodedSize(int runIdBytes, int probeTaskBytes, int splitBytes, int count, int dim) {
        return encodedSize(runIdBytes, probeTaskBytes, splitBytes, 2, count, dim);
    }

    /** The encoded size of a batch with these texts, label-names section and shape. */
    public static long encodedSize(
            int runIdBytes, int probeTaskBytes, int splitBytes, int labelNamesBytes, int count, int dim) {
        return FIXED_HEADER
                + 6L
                + runIdBytes
                + probeTaskBytes
                + splitBytes
                + labelNamesBytes
                + 8L * count
                + 4L * count * dim
                + 4;
    }

    public byte[] encode(EmbeddingBatch b) {
        byte[] runId = utf8(b.runId(), "runId");
        byte[] probeTask = utf8(b.probeTask(), "probeTask");
        byte[] split = utf8(b.split(), "split");
        byte[][] names = new byte[b.labelNames().size()][];
        int namesBytes = 2;
        for (int i = 0; i < names.length; i++) {
            names[i] = utf8(b.labelNames().get(i), "labelNames[" + i + "]");
            namesBytes += 2 + names[i].length;
        }
        if (names.length > 0xFFFF || namesBytes > MAX_LABEL_NAMES_BYTES) {
            throw new CodecException(
                    "labelNames",
                    names.length + " names in " + namesBytes + " bytes exceed " + MAX_LABEL_NAMES_BYTES + " bytes");
        }
        int n = b.count();
        long size = encodedSize(runId.length, probeTask.length, split.length, namesBytes, n, b.dim());
        if (size > maxMessageBytes) {
            throw new CodecException(
                    "vectors",
                    "encoded size " + size + " exceeds the limit of " + maxMessageBytes
                            + " bytes; split the set into chunks of fewer vectors");
        }
        byte[] out = new byte[(int) size];
        ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt((int) size);
        buf.putLong(b.step()).putInt(b.layer()).putInt(b.chunkIndex()).putInt(b.chunkCount());
        buf.putInt(b.dim()).putInt(n);
        putText(buf, runId);
        putText(buf, probeTask);
        putText(buf, split);
        buf.putShort((short) names.length);
        for (byte[] name : names) {
            putText(buf, name);
        }
        int pos = buf.position();
        buf.asIntBuffer().put(b.exampleIds());
        pos += 4 * n;
        buf.position(pos);
        buf.asIntBuffer().put(b.labelIds());
        pos += 4 * n;
        buf.position(pos);
        buf.asFloatBuffer().put(b.vectors());
        pos += 4 * b.vectors().length;
        CRC32C crc = new CRC32C();
        crc.update(out, 0, pos);
        buf.position(pos);
        buf.putInt((int) crc.getValue());
        return out;
    }

    public EmbeddingBatch decode(byte[] data) {
        if (data == null) {
            throw new CodecException("message", "is null");
        }
        return decode(ByteBuffer.wrap(data));
    }

    /** Decodes the bytes between the buffer's position and limit; the buffer itself is not moved. */
    public EmbeddingBatch decode(ByteBuffer data) {
        if (data == null) {
            throw new CodecException("message", "is null");
        }
        ByteBuffer buf = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int total = buf.remaining();
        if (total > maxMessageBytes) {
            throw new CodecException("message", total + " bytes exceeds the limit of " + maxMessageBytes);
        }
        need(buf, 4, "magic");
        int magic = buf.getInt();
        if (magic != MAGIC) {
            throw new CodecException("magic", String.format("expected 0x%08x (\"FTEB\"), found 0x%08x", MAGIC, magic));
        }
        need(buf, 2, "version");
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != VERSION && version != VERSION_WITHOUT_LABEL_NAMES) {
            throw new CodecException(
                    "version",
                    "unsupported version " + version + " (this build reads " + VERSION_WITHOUT_LABEL_NAMES + " and "
                            + VERSION + ")");
        }
        need(buf, 2, "flags");
        int flags = Short.toUnsignedInt(buf.getShort());
        if (flags != 0) {
            throw new CodecException("flags", "unknown flags 0x" + Integer.toHexString(flags));
        }
        need(buf, 4, "length");
        int length = buf.getInt();
        need(buf, 8, "step");
        long step = buf.getLong();
        need(buf, 4, "layer");
        int layer = buf.getInt();
        need(buf, 4, "chunkIndex");
        int chunkIndex = buf.getInt();
        need(buf, 4, "chunkCount");
        int chunkCount = buf.getInt();
        need(buf, 4, "dim");
        int dim = buf.getInt();
        if (dim < 1 || dim > EmbeddingBatch.MAX_DIM) {
            throw new CodecException("dim", "must be in [1, " + EmbeddingBatch.MAX_DIM + "], was " + dim);
        }
        need(buf, 4, "count");
        int count = buf.getInt();
        if (count < 0) {
            throw new CodecException("count", "is negative: " + count);
        }
        String runId = getText(buf, "runId");
        String probeTask = getText(buf, "probeTask");
        String split = getText(buf, "split");
        List<String> labelNames = version == VERSION_WITHOUT_LABEL_NAMES ? List.of() : getLabelNames(buf);
        long arrays = 8L * count + 4L * count * dim;
        if (buf.remaining() - 4L != arrays) {
            String field =
                    buf.remaining() < 4L * count ? "exampleIds" : buf.remaining() < 8L * count ? "labelIds" : "vectors";
            throw new CodecException(
                    field,
                    count + " vectors of dimension " + dim + " need " + arrays
                            + " bytes of arrays and a 4-byte checksum, " + buf.remaining() + " bytes are left"
                            + (buf.remaining() - 4L < arrays ? " (truncated)" : " (trailing bytes)"));
        }
        if (length != total) {
            throw new CodecException(
                    "length",
                    "header says " + Integer.toUnsignedString(length) + " bytes but " + total + " are present");
        }
        int pos = buf.position();
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buf.duplicate();
        covered.position(0).limit(total - 4);
        crc.update(covered);
        int expected = buf.getInt(total - 4);
        if ((int) crc.getValue() != expected) {
            throw new CodecException(
                    "checksum",
                    String.format("CRC-32C mismatch: stored 0x%08x, computed 0x%08x", expected, (int) crc.getValue()));
        }
        int[] exampleIds = new int[count];
        int[] labelIds = new int[count];
        float[] vectors = new float[count * dim];
        buf.asIntBuffer().get(exampleIds);
        pos += 4 * count;
        buf.position(pos);
        buf.asIntBuffer().get(labelIds);
        pos += 4 * count;
        buf.position(pos);
        buf.asFloatBuffer().get(vectors);
        try {
            return new EmbeddingBatch(
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
                    labelNames);
        } catch (InvalidEventException e) {
            throw new CodecException(
                    e.field(), e.getMessage().substring(e.field().length() + 2), e);
        }
    }

    private static List<String> getLabelNames(ByteBuffer buf) {
        need(buf, 2, "labelNames");
        int count = Short.toUnsignedInt(buf.getShort());
        // each name takes at least its 2-byte length: checked before the list is sized by the count
        need(buf, 2 * count, "labelNames");
        int start = buf.position();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(getText(buf, "labelNames[" + i + "]"));
            if (buf.position() - start + 2 > MAX_LABEL_NAMES_BYTES) {
                throw new CodecException("labelNames", "exceed " + MAX_LABEL_NAMES_BYTES + " bytes");
            }
        }
        return names;
    }

    private static void need(ByteBuffer buf, int n, String field) {
        if (buf.remaining() < n) {
            throw new CodecException(field, "truncated: needs " + n + " bytes, " + buf.remaining() + " left");
        }
    }

    private static byte[] utf8(String s, String field) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_TEXT_BYTES) {
            throw new CodecException(field, b.length + " UTF-8 bytes exceeds " + MAX_TEXT_BYTES);
        }
        return b;
    }

    private static void putText(ByteBuffer buf, byte[] text) {
        buf.putShort((short) text.length).put(text);
    }

    private static String getText(ByteBuffer buf, String field) {
        need(buf, 2, field);
        int len = Short.toUnsignedInt(buf.getShort());
        if (len > MAX_TEXT_BYTES) {
            throw new CodecException(field, "length " + len + " exceeds " + MAX_TEXT_BYTES);
        }
        need(buf, len, field);
        ByteBuffer text = buf.slice().limit(len);
        buf.position(buf.position() + len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(text)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(field, "is not valid UTF-8", e);
        }
    }
}
