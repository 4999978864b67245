package dev.ftprobe.events.codec;

import dev.ftprobe.events.EmbeddingBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Fuzzes the binary decoder of embedding batches from real chunks (versions 1 and 2) three ways: the input as the
 * fuzzer made it; the input with its length and CRC-32C made right, since a fuzzer cannot forge a checksum and would
 * otherwise never get past it to the event's own checks; and the latter as a slice of a larger buffer, the way Kafka
 * hands a record's value to {@link CodecSerde}.
 */
class EmbeddingBatchCodecFuzzTest extends DecoderFuzzTest {
    private static final EmbeddingBatchCodec CODEC = EventCodecs.EMBEDDING_BATCH;
    private static final DecoderContract<EmbeddingBatch> AS_FUZZED = contract("EmbeddingBatchCodec", CODEC::decode);
    private static final DecoderContract<EmbeddingBatch> FRAMED =
            contract("EmbeddingBatchCodec, length and CRC-32C made right", b -> CODEC.decode(framed(b)));
    private static final DecoderContract<EmbeddingBatch> SLICED =
            contract("EmbeddingBatchCodec, framed, as a buffer slice", b -> CODEC.decode(slice(framed(b))));

    private static DecoderContract<EmbeddingBatch> contract(String name, Function<byte[], EmbeddingBatch> decode) {
        // the encoding is canonical, so two batches are the same when they encode alike
        return new DecoderContract<>(
                name, decode, CODEC::encode, (a, b) -> Arrays.equals(CODEC.encode(a), CODEC.encode(b)));
    }

    @Override
    protected void check(byte[] input) {
        AS_FUZZED.check(input);
        FRAMED.check(input);
        SLICED.check(input);
    }

    /** The input with the header's length and the trailing CRC-32C of a valid message (when it is long enough). */
    static byte[] framed(byte[] input) {
        byte[] out = input.clone();
        if (out.length >= 16) {
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(8, out.length);
            CRC32C crc = new CRC32C();
            crc.update(out, 0, out.length - 4);
            b.putInt(out.length - 4, (int) crc.getValue());
        }
        return out;
    }

    /** The bytes between position and limit of a larger buffer (big-endian, as Kafka's are). */
    static ByteBuffer slice(byte[] input) {
        ByteBuffer b = ByteBuffer.allocate(input.length + 7);
        b.put(new byte[] {1, 2, 3}).put(input).put(new byte[] {4, 5, 6, 7});
        return b.position(3).limit(3 + input.length);
    }
}
