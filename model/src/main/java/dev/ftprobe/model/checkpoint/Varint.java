package dev.ftprobe.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Protocol-buffer / LevelDB base-128 varints. */
final class Varint {
    private Varint() {}

    static long readLong(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    static int readInt(ByteBuffer b) {
        return (int) readLong(b);
    }

    static void write(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
