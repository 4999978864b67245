package dev.ftprobe.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a TF tensor bundle the way TensorFlow lays it out (test fixture): data blocks with prefix-compressed keys and
 * a restart every 4 entries, several data blocks, an index block, an empty metaindex block, the footer; values are
 * BundleEntryProto messages.
 */
final class TfCheckpointWriter {
    private TfCheckpointWriter() {}

    static void write(Path prefix, Map<String, Tensor> tensors) throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            long offset = data.size();
            data.write(b.array());
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            tag(p, 1, 0);
            Varint.write(p, TfCheckpoint.DT_FLOAT);
            ByteArrayOutputStream shape = new ByteArrayOutputStream();
            for (long d : t.shape()) {
                ByteArrayOutputStream dim = new ByteArrayOutputStream();
                tag(dim, 1, 0);
                Varint.write(dim, d);
                tag(shape, 2, 2);
                Varint.write(shape, dim.size());
                shape.write(dim.toByteArray());
            }
            tag(p, 2, 2);
            Varint.write(p, shape.size());
            p.write(shape.toByteArray());
            if (offset > 0) {
                tag(p, 4, 0);
                Varint.write(p, offset);
            }
            tag(p, 5, 0);
            Varint.write(p, b.capacity());
            tag(p, 6, 5); // crc32c, fixed32: not checked by the reader
            p.write(new byte[4]);
            entries.put(e.getKey(), p.toByteArray());
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        tag(header, 1, 0);
        Varint.write(header, 1);
        entries.put("", header.toByteArray());

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        TreeMap<String, byte[]> index = new TreeMap<>();
        TreeMap<String, byte[]> chunk = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == 5) {
                index.put(chunk.lastKey(), writeBlock(file, chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            index.put(chunk.lastKey(), writeBlock(file, chunk));
        }
        byte[] meta = writeBlock(file, new TreeMap<>());
        byte[] idx = writeBlock(file, index);
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.write(meta);
        footer.write(idx);
        while (footer.size() < 40) {
            footer.write(0);
        }
        ByteBuffer magic = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SSTable.MAGIC);
        footer.write(magic.array());
        file.write(footer.toByteArray());
        Files.write(Path.of(prefix + ".index"), file.toByteArray());
        Files.write(Path.of(prefix + ".data-00000-of-00001"), data.toByteArray());
    }

    private static byte[] writeBlock(ByteArrayOutputStream file, TreeMap<String, byte[]> kv) throws IOException {
        long offset = file.size();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<Integer> restarts = new ArrayList<>();
        byte[] prev = new byte[0];
        int i = 0;
        for (Map.Entry<String, byte[]> e : kv.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            if (i % 4 == 0) {
                restarts.add(b.size());
            } else {
                while (shared < Math.min(prev.length, k.length) && prev[shared] == k[shared]) {
                    shared++;
                }
            }
            Varint.write(b, shared);
            Varint.write(b, k.length - shared);
            Varint.write(b, e.getValue().length);
            b.write(k, shared, k.length - shared);
            b.write(e.getValue());
            prev = k;
            i++;
        }
        if (restarts.isEmpty()) {
            restarts.add(0);
        }
        ByteBuffer r = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
        restarts.forEach(r::putInt);
        r.putInt(restarts.size());
        b.write(r.array());
        long size = b.size();
        file.write(b.toByteArray());
        file.write(new byte[5]); // compression type 0 (none) + crc
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        Varint.write(handle, offset);
        Varint.write(handle, size);
        return handle.toByteArray();
    }

    private static void tag(ByteArrayOutputStream out, int field, int wire) {
        Varint.write(out, ((long) field << 3) | wire);
    }
}
