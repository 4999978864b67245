package dev.ftprobe.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reader of LevelDB-format tables (TensorFlow's {@code .index} files): the 48-byte footer points at the index block,
 * whose entries point at data blocks; each block holds prefix- compressed entries (shared, unshared and value lengths
 * as varints) followed by the restart array. Only uncompressed blocks are supported, which is what TensorFlow's bundle
 * writer emits.
 */
public final class SSTable {
    static final long MAGIC = 0xdb4775248b80fb57L;

    private SSTable() {}

    /** Every key and value of the table, in key order. */
    public static Map<String, byte[]> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 48) {
            throw new IOException(file + ": too short for a table footer");
        }
        ByteBuffer footer = ByteBuffer.wrap(all, all.length - 48, 48).order(ByteOrder.LITTLE_ENDIAN);
        long magic = ByteBuffer.wrap(all, all.length - 8, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        if (magic != MAGIC) {
            throw new IOException(file + ": not a LevelDB table (bad magic number)");
        }
        Varint.readLong(footer); // metaindex offset
        Varint.readLong(footer); // metaindex size
        long indexOffset = Varint.readLong(footer);
        long indexSize = Varint.readLong(footer);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (byte[] handle : block(all, indexOffset, indexSize, file).values()) {
            ByteBuffer h = ByteBuffer.wrap(handle);
            long off = Varint.readLong(h);
            long size = Varint.readLong(h);
            out.putAll(block(all, off, size, file));
        }
        return out;
    }

    private static Map<String, byte[]> block(byte[] all, long offset, long size, Path file) throws IOException {
        if (offset < 0 || offset + size + 5 > all.length) {
            throw new IOException(file + ": block handle [" + offset + ", +" + size + "] is outside the file");
        }
        int type = all[(int) (offset + size)];
        if (type != 0) {
            throw new IOException(file + ": compressed table blocks (type " + type + ") are not supported");
        }
        ByteBuffer b = ByteBuffer.wrap(all, (int) offset, (int) size).slice().order(ByteOrder.LITTLE_ENDIAN);
        int numRestarts = b.getInt((int) size - 4);
        int end = (int) size - 4 - 4 * numRestarts;
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        while (b.position() < end) {
            int shared = Varint.readInt(b);
            int unshared = Varint.readInt(b);
            int valueLen = Varint.readInt(b);
            byte[] k = new byte[shared + unshared];
            System.arraycopy(key, 0, k, 0, shared);
            b.get(k, shared, unshared);
            byte[] v = new byte[valueLen];
            b.get(v);
            key = k;
            out.put(new String(k, StandardCharsets.UTF_8), v);
        }
        return out;
    }
}
