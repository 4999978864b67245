package dev.ftprobe.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a TensorFlow checkpoint (tensor bundle): {@code <prefix>.index} is a LevelDB table whose keys are tensor names
 * and whose values are {@code BundleEntryProto} messages (dtype, shape, shard, offset, size); the tensors' bytes lie in
 * {@code <prefix>.data-0000S-of-0000N}. Float32 and float16 tensors are read; other dtypes (the global step, say) are
 * skipped. The protobuf is parsed by hand: five scalar fields and a nested shape do not justify a protobuf dependency.
 */
public final class TfCheckpoint {
    static final int DT_FLOAT = 1;
    static final int DT_HALF = 19;

    private TfCheckpoint() {}

    /** The entry of one tensor as the index describes it. */
    record Entry(int dtype, long[] shape, int shard, long offset, long size) {}

    /** Reads the float tensors whose TF name passes {@code wanted}, keyed by TF name. */
    public static Map<String, Tensor> read(Path prefix, Predicate<String> wanted) throws IOException {
        Path index = Path.of(prefix + ".index");
        Map<String, byte[]> table = SSTable.read(index);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int numShards = 1;
        for (Map.Entry<String, byte[]> e : table.entrySet()) {
            if (e.getKey().isEmpty()) {
                numShards = headerShards(e.getValue());
                continue;
            }
            try {
                entries.put(e.getKey(), parseEntry(e.getValue()));
            } catch (RuntimeException ex) {
                throw new IOException(index + ": cannot parse the entry of tensor '" + e.getKey() + "'", ex);
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Integer, FileChannel> shards = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry en = e.getValue();
                if (!wanted.test(e.getKey()) || (en.dtype != DT_FLOAT && en.dtype != DT_HALF)) {
                    continue;
                }
                FileChannel ch = shards.get(en.shard);
                if (ch == null) {
                    Path data = Path.of(String.format("%s.data-%05d-of-%05d", prefix, en.shard, numShards));
                    ch = FileChannel.open(data, StandardOpenOption.READ);
                    shards.put(en.shard, ch);
                }
                long n = 1;
                for (long d : en.shape) {
                    n *= d;
                }
                int width = en.dtype == DT_FLOAT ? 4 : 2;
                if (n * width != en.size) {
                    throw new IOException(index + ": tensor '" + e.getKey() + "' has " + en.size + " bytes for shape "
                            + Arrays.toString(en.shape));
                }
                ByteBuffer buf = ByteBuffer.allocate((int) en.size).order(ByteOrder.LITTLE_ENDIAN);
                long pos = en.offset;
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, pos);
                    if (r < 0) {
                        throw new IOException("data shard " + en.shard + " ends inside tensor '" + e.getKey() + "'");
                    }
                    pos += r;
                }
                buf.flip();
                float[] data = new float[(int) n];
                if (en.dtype == DT_FLOAT) {
                    buf.asFloatBuffer().get(data);
                } else {
                    for (int i = 0; i < n; i++) {
                        data[i] = SafeTensors.halfToFloat(buf.getShort());
                    }
                }
                out.put(e.getKey(), new Tensor(en.shape, data));
            }
        } finally {
            for (FileChannel ch : shards.values()) {
                ch.close();
            }
        }
        return out;
    }

    private static int headerShards(byte[] proto) {
        ByteBuffer b = ByteBuffer.wrap(proto);
        int shards = 1;
        while (b.hasRemaining()) {
            long tag = Varint.readLong(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 0) {
                shards = (int) Varint.readLong(b);
            } else {
                skip(b, wire);
            }
        }
        return shards;
    }

    static Entry parseEntry(byte[] proto) {
        ByteBuffer b = ByteBuffer.wrap(proto).order(ByteOrder.LITTLE_ENDIAN);
        int dtype = 0;
        long[] shape = new long[0];
        int shard = 0;
        long offset = 0;
        long size = 0;
        while (b.hasRemaining()) {
            long tag = Varint.readLong(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dtype = (int) Varint.readLong(b);
                case 2 -> {
                    int len = Varint.readInt(b);
                    ByteBuffer sub = b.slice();
                    sub.limit(len);
                    b.position(b.position() + len);
                    shape = parseShape(sub);
                }
                case 3 -> shard = (int) Varint.readLong(b);
                case 4 -> offset = Varint.readLong(b);
                case 5 -> size = Varint.readLong(b);
                default -> skip(b, wire);
            }
        }
        return new Entry(dtype, shape, shard, offset, size);
    }

    private static long[] parseShape(ByteBuffer b) {
        List<Long> dims = new ArrayList<>();
        while (b.hasRemaining()) {
            long tag = Varint.readLong(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 2 && wire == 2) {
                int len = Varint.readInt(b);
                ByteBuffer dim = b.slice();
                dim.limit(len);
                b.position(b.position() + len);
                long size = 0;
                while (dim.hasRemaining()) {
                    long t = Varint.readLong(dim);
                    if ((t >>> 3) == 1 && (t & 7) == 0) {
                        size = Varint.readLong(dim);
                    } else {
                        skip(dim, (int) (t & 7));
                    }
                }
                dims.add(size);
            } else {
                skip(b, wire);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void skip(ByteBuffer b, int wire) {
        switch (wire) {
            case 0 -> Varint.readLong(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> {
                int len = Varint.readInt(b);
                b.position(b.position() + len);
            }
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
        }
    }
}
