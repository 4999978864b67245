package dev.ftprobe.app.export;

import dev.ftprobe.analyzer.stream.AssembledSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes sets as NumPy files (format 1.0, C order, little-endian): {@code <split>.npy} (float32, shape [n, d]),
 * {@code <split>.labels.npy} and {@code <split>.example_ids.npy} (int32, shape [n]), and {@code labels.txt} (the label
 * names by id, one a line).
 */
final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** Magic, version and the header's length take 10 bytes; NumPy aligns the data to 64. */
    private static final int PREAMBLE = 10;

    private static final int ALIGN = 64;

    private NpyFiles() {}

    static void write(Path dir, Map<String, AssembledSet> sets) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("labels.txt"), ExportedLabels.of(sets.values()), StandardCharsets.UTF_8);
        for (Map.Entry<String, AssembledSet> e : sets.entrySet()) {
            AssembledSet set = e.getValue();
            String split = e.getKey();
            try (OutputStream out =
                    open(dir.resolve(split + ".npy"), "<f4", "(" + set.size() + ", " + set.dim() + ")")) {
                ByteBuffer b = buffer(4 * set.vectors().length);
                b.asFloatBuffer().put(set.vectors());
                out.write(b.array());
            }
            writeInts(dir.resolve(split + ".labels.npy"), set.labelIds());
            writeInts(dir.resolve(split + ".example_ids.npy"), set.exampleIds());
        }
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        try (OutputStream out = open(file, "<i4", "(" + values.length + ",)")) {
            ByteBuffer b = buffer(4 * values.length);
            b.asIntBuffer().put(values);
            out.write(b.array());
        }
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens {@code file} and writes the header: the dict padded with spaces to the alignment, ended by a newline. */
    private static OutputStream open(Path file, String descr, String shape) throws IOException {
        StringBuilder header =
                new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
        int total = PREAMBLE + header.length() + 1;
        header.append(" ".repeat((ALIGN - total % ALIGN) % ALIGN)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        out.write(MAGIC);
        out.write(h.length & 0xff);
        out.write(h.length >>> 8);
        out.write(h);
        return out;
    }
}
