package dev.ftprobe.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, by hand (it is small): 8-byte little-endian header length, a JSON header mapping each name to
 * {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header), then the raw little-endian
 * data. Reads F32, F16 and BF16 (converted to float32) and skips tensors of other dtypes (integer buffers like
 * {@code position_ids}); writes F32. Written by hand because no maintained Java reader is on Maven Central in our
 * managed stack, and the format is a page long.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": not a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000) {
                throw new IOException(file + ": bad safetensors header length " + headerLen);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonNode header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode info = e.getValue();
                String dtype = info.path("dtype").asText();
                List<Long> shapeList = new ArrayList<>();
                info.path("shape").forEach(d -> shapeList.add(d.asLong()));
                long[] shape = shapeList.stream().mapToLong(Long::longValue).toArray();
                long begin = info.path("data_offsets").path(0).asLong(-1);
                long end = info.path("data_offsets").path(1).asLong(-1);
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F16", "BF16" -> 2;
                    default -> 0;
                };
                if (width == 0) {
                    // integer buffers such as embeddings.position_ids are not weights; a weight
                    // stored in another dtype is then reported missing, by name, by the model
                    continue;
                }
                if (begin < 0 || end - begin != n * width || dataStart + end > size) {
                    throw new IOException(file + ": tensor '" + name + "' has data_offsets ["
                            + begin + ", " + end + "] that do not fit shape " + shapeList
                            + " of " + dtype + " in a file of " + size + " bytes");
                }
                ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, buf, dataStart + begin);
                buf.flip();
                float[] data = new float[(int) n];
                switch (dtype) {
                    case "F32" -> buf.asFloatBuffer().get(data);
                    case "F16" -> {
                        for (int i = 0; i < n; i++) {
                            data[i] = halfToFloat(buf.getShort());
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++) {
                            data[i] = Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
                        }
                    }
                }
                out.put(name, new Tensor(shape, data));
            }
            return out;
        }
    }

    /** Writes F32 tensors in the given order (the header is padded to 8 bytes as the spec asks). */
    public static void write(Map<String, Tensor> tensors, OutputStream os) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().data().length;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        header.putObject("__metadata__").put("format", "pt");
        byte[] hb = JSON.writeValueAsBytes(header);
        int padded = (hb.length + 7) / 8 * 8;
        byte[] h = new byte[padded];
        System.arraycopy(hb, 0, h, 0, hb.length);
        for (int i = hb.length; i < padded; i++) {
            h[i] = ' ';
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        os.write(len.array());
        os.write(h);
        for (Tensor t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            os.write(b.array());
        }
    }

    public static void write(Map<String, Tensor> tensors, Path file) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            write(tensors, os);
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += r;
        }
    }
}
