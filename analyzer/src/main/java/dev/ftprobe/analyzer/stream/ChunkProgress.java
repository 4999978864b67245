package dev.ftprobe.analyzer.stream;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Which chunks of a set have been stored: the set's chunk count and a bit per chunk index. Kept in the
 * {@code set-progress} store so that completeness is known without reading the chunks back.
 */
final class ChunkProgress {
    private final int chunkCount;
    private final BitSet received;

    ChunkProgress(int chunkCount) {
        this(chunkCount, new BitSet(chunkCount));
    }

    private ChunkProgress(int chunkCount, BitSet received) {
        this.chunkCount = chunkCount;
        this.received = received;
    }

    int chunkCount() {
        return chunkCount;
    }

    boolean has(int index) {
        return received.get(index);
    }

    void add(int index) {
        received.set(index);
    }

    int receivedCount() {
        return received.cardinality();
    }

    boolean complete() {
        return received.cardinality() == chunkCount;
    }

    byte[] encode() {
        byte[] bits = received.toByteArray();
        return ByteBuffer.allocate(4 + bits.length).putInt(chunkCount).put(bits).array();
    }

    static ChunkProgress decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int count = b.getInt();
        byte[] bits = new byte[b.remaining()];
        b.get(bits);
        return new ChunkProgress(count, BitSet.valueOf(bits));
    }
}
