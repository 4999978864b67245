package dev.ftprobe.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingBatchCodecTest {
    private final EmbeddingBatchCodec codec = EventCodecs.EMBEDDING_BATCH;

    static EmbeddingBatch random(SplittableRandom rnd, int count, int dim) {
        int[] ids = new int[count];
        int[] labels = new int[count];
        float[] v = new float[count * dim];
        for (int i = 0; i < count; i++) {
            ids[i] = rnd.nextInt();
            labels[i] = rnd.nextInt(50);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-10, 10);
        }
        if (v.length > 3) {
            v[0] = Float.NaN;
            v[1] = Float.NEGATIVE_INFINITY;
            v[2] = -0.0f;
            v[3] = Float.MIN_VALUE;
        }
        int chunkCount = 1 + rnd.nextInt(20);
        return new EmbeddingBatch(
                "run-" + rnd.nextInt(1000),
                rnd.nextLong(0, 1L << 40),
                "pos",
                rnd.nextBoolean() ? "train" : "test",
                rnd.nextInt(25),
                rnd.nextInt(chunkCount),
                chunkCount,
                dim,
                ids,
                labels,
                v);
    }

    static EmbeddingBatch small() {
        return new EmbeddingBatch(
                "run-7", 12, "pos", "train", 3, 1, 4, 3, new int[] {10, 11}, new int[] {1, 2}, new float[] {
                    1, 2, 3, 4, 5, 6
                });
    }

    @Test
    void roundTripsRandomShapes() {
        SplittableRandom rnd = new SplittableRandom(20240131);
        int[] dims = {1, 2, 3, 7, 64, 128, 768, 1024, 1536};
        for (int trial = 0; trial < 200; trial++) {
            int dim = trial < dims.length ? dims[trial] : 1 + rnd.nextInt(1536);
            int count = trial % 10 == 0 ? 0 : rnd.nextInt(Math.min(300, Topics.maxVectorsPerChunk(dim)) + 1);
            EmbeddingBatch b = random(rnd, count, dim);
            byte[] bytes = codec.encode(b);
            assertThat(bytes.length)
                    .isEqualTo(EmbeddingBatchCodec.encodedSize(
                            b.runId().length(),
                            b.probeTask().length(),
                            b.split().length(),
                            count,
                            dim));
            EmbeddingBatch back = codec.decode(bytes);
            assertThat(back).isEqualTo(b);
            assertThat(codec.encode(back)).isEqualTo(bytes);
        }
    }

    @Test
    void roundTripsZeroVectorsAndFullChunks() {
        EmbeddingBatch empty =
                new EmbeddingBatch("r", 0, "trec", "test", 0, 0, 1, 1536, new int[0], new int[0], new float[0]);
        assertThat(codec.decode(codec.encode(empty))).isEqualTo(empty);

        String longId = "r".repeat(128);
        for (int dim : new int[] {1, 128, 768, 1536, 4096}) {
            int n = Topics.maxVectorsPerChunk(dim);
            EmbeddingBatch full = new EmbeddingBatch(
                    longId, Long.MAX_VALUE, longId, longId, 24, 0, 1, dim, new int[n], new int[n], new float[n * dim]);
            byte[] bytes = codec.encode(full);
            assertThat(bytes.length).isLessThanOrEqualTo(Topics.MAX_MESSAGE_BYTES - Topics.CHUNK_RESERVE_BYTES);
            assertThat(codec.decode(bytes)).isEqualTo(full);
        }
    }

    @Test
    void refusesToEncodeAChunkOverTheLimit() {
        int dim = 768;
        int n = Topics.maxVectorsPerChunk(dim) * 2;
        EmbeddingBatch big =
                new EmbeddingBatch("r", 0, "pos", "train", 0, 0, 1, dim, new int[n], new int[n], new float[n * dim]);
        CodecException e = catchThrowableOfType(CodecException.class, () -> codec.encode(big));
        assertThat(e.field()).isEqualTo("vectors");
        assertThat(e).isInstanceOf(SerializationException.class);
    }

    @Test
    void labelNamesRoundTripAndNameTheLabels() {
        EmbeddingBatch named = new EmbeddingBatch(
                "run-7",
                12,
                "pos",
                "train",
                3,
                1,
                4,
                3,
                new int[] {10, 11},
                new int[] {1, 2},
                new float[] {1, 2, 3, 4, 5, 6},
                List.of("ADJ", "NOUN", "VERB"));
        byte[] bytes = codec.encode(named);
        assertThat(bytes.length).isEqualTo(EmbeddingBatchCodec.encodedSize(5, 3, 5, 2 + 5 + 6 + 6, 2, 3));
        EmbeddingBatch back = codec.decode(bytes);
        assertThat(back).isEqualTo(named);
        assertThat(back.labelNames()).containsExactly("ADJ", "NOUN", "VERB");
        assertThat(back.labelName(1)).isEqualTo("NOUN");
        assertThat(small().labelName(2)).isEqualTo("2");
        assertThatThrownBy(() -> new EmbeddingBatch(
                        "r",
                        0,
                        "pos",
                        "train",
                        0,
                        0,
                        1,
                        1,
                        new int[] {0},
                        new int[] {3},
                        new float[] {1},
                        List.of("A", "B")))
                .hasMessageContaining("label id 3");
    }

    @Test
    void version1WithoutLabelNamesStillDecodes() {
        // a version-1 message is version 2's without the names' count (2 bytes at offset 59)
        byte[] v2 = codec.encode(small());
        byte[] v1 = new byte[v2.length - 2];
        System.arraycopy(v2, 0, v1, 0, 59);
        System.arraycopy(v2, 61, v1, 59, v2.length - 61);
        ByteBuffer.wrap(v1)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(4, (short) 1)
                .putInt(8, v1.length);
        EmbeddingBatch back = codec.decode(resealed(v1));
        assertThat(back).isEqualTo(small());
        assertThat(back.labelNames()).isEmpty();
        assertThat(back.labelName(1)).isEqualTo("1");
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] bytes = codec.encode(small());
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> codec.decode(cut)).as("length %d", len).isInstanceOf(CodecException.class);
        }
    }

    @Test
    void truncationNamesTheFieldWhereTheDataEnds() {
        byte[] bytes = codec.encode(small());
        // layout: magic 0-3, version 4-5, flags 6-7, length 8-11, step 12-19, layer 20-23, ..., count 36-39,
        // runId 40-46 (2 + 5), probeTask 47-51, split 52-58, labelNames count 59-60, exampleIds 61-68,
        // labelIds 69-76, vectors 77-100, crc
        assertThat(fieldOf(Arrays.copyOf(bytes, 2))).isEqualTo("magic");
        assertThat(fieldOf(Arrays.copyOf(bytes, 5))).isEqualTo("version");
        assertThat(fieldOf(Arrays.copyOf(bytes, 10))).isEqualTo("length");
        assertThat(fieldOf(Arrays.copyOf(bytes, 15))).isEqualTo("step");
        assertThat(fieldOf(Arrays.copyOf(bytes, 34))).isEqualTo("dim");
        assertThat(fieldOf(Arrays.copyOf(bytes, 44))).isEqualTo("runId");
        assertThat(fieldOf(Arrays.copyOf(bytes, 50))).isEqualTo("probeTask");
        assertThat(fieldOf(Arrays.copyOf(bytes, 55))).isEqualTo("split");
        assertThat(fieldOf(Arrays.copyOf(bytes, 60))).isEqualTo("labelNames");
        assertThat(fieldOf(Arrays.copyOf(bytes, 66))).isEqualTo("exampleIds");
        assertThat(fieldOf(Arrays.copyOf(bytes, 72))).isEqualTo("labelIds");
        assertThat(fieldOf(Arrays.copyOf(bytes, 92))).isEqualTo("vectors");
        assertThat(fieldOf(Arrays.copyOf(bytes, bytes.length - 1))).isEqualTo("vectors");
    }

    @Test
    void rejectsEverySingleByteCorruption() {
        byte[] bytes = codec.encode(small());
        for (int i = 0; i < bytes.length; i++) {
            for (int bit : new int[] {0, 3, 7}) {
                byte[] bad = bytes.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                assertThatThrownBy(() -> codec.decode(bad))
                        .as("byte %d bit %d", at, bit)
                        .isInstanceOf(CodecException.class);
            }
        }
    }

    @Test
    void namesTheCorruptField() {
        byte[] bytes = codec.encode(small());
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertThat(fieldOf(magic)).isEqualTo("magic");

        byte[] flags = bytes.clone();
        flags[6] = 1;
        assertThat(fieldOf(flags)).isEqualTo("flags");

        byte[] payload = bytes.clone();
        payload[80] ^= 0x10;
        assertThat(fieldOf(payload)).isEqualTo("checksum");

        byte[] crc = bytes.clone();
        crc[crc.length - 1] ^= 1;
        assertThat(fieldOf(crc)).isEqualTo("checksum");

        assertThat(fieldOf(withInt(bytes, 36, -1))).isEqualTo("count");
        assertThat(fieldOf(withInt(bytes, 36, 3))).isEqualTo("vectors");
        assertThat(fieldOf(withInt(bytes, 36, Integer.MAX_VALUE))).isEqualTo("exampleIds");
        assertThat(fieldOf(withInt(bytes, 32, 0))).isEqualTo("dim");
        assertThat(fieldOf(withInt(bytes, 32, EmbeddingBatch.MAX_DIM + 1))).isEqualTo("dim");
        assertThat(fieldOf(withInt(bytes, 8, bytes.length + 4))).isEqualTo("length");

        // values that parse but break the event's contract, with a valid checksum
        assertThat(fieldOf(resealed(withInt(bytes, 24, 4)))).isEqualTo("chunkIndex");
        assertThat(fieldOf(resealed(withInt(bytes, 28, 0)))).isEqualTo("chunkCount");
        assertThat(fieldOf(resealed(withInt(bytes, 20, -2)))).isEqualTo("layer");
        byte[] step = bytes.clone();
        ByteBuffer.wrap(step).order(ByteOrder.LITTLE_ENDIAN).putLong(12, -5);
        assertThat(fieldOf(resealed(step))).isEqualTo("step");
        byte[] runId = bytes.clone();
        runId[42] = (byte) 0xC3; // a lone UTF-8 lead byte followed by ASCII
        assertThat(fieldOf(runId)).isEqualTo("runId");
        byte[] slash = bytes.clone();
        slash[43] = '/';
        assertThat(fieldOf(resealed(slash))).isEqualTo("runId");
        byte[] textLength = bytes.clone();
        ByteBuffer.wrap(textLength).order(ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 5000);
        assertThat(fieldOf(textLength)).isEqualTo("runId");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 255, 65535})
    void rejectsOtherVersions(int version) {
        byte[] bytes = codec.encode(small());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) version);
        CodecException e = catchThrowableOfType(CodecException.class, () -> codec.decode(resealed(bytes)));
        assertThat(e.field()).isEqualTo("version");
        assertThat(e).hasMessageContaining("unsupported version " + version);
    }

    @Test
    void rejectsOversizedInput() {
        assertThat(fieldOf(new byte[Topics.MAX_MESSAGE_BYTES + 1])).isEqualTo("message");
        EmbeddingBatchCodec strict = new EmbeddingBatchCodec(8192);
        byte[] big = codec.encode(
                new EmbeddingBatch("r", 0, "pos", "train", 0, 0, 1, 1024, new int[4], new int[4], new float[4096]));
        assertThat(catchThrowableOfType(CodecException.class, () -> strict.decode(big))
                        .field())
                .isEqualTo("message");
        assertThat(fieldOf(new byte[0])).isEqualTo("magic");
        assertThat(catchThrowableOfType(CodecException.class, () -> codec.decode((byte[]) null))
                        .field())
                .isEqualTo("message");
    }

    @Test
    void serdeDecodesFromAByteBufferAndPassesNullsThrough() {
        Serde<EmbeddingBatch> serde = EventCodecs.embeddingBatchSerde();
        EmbeddingBatch b = small();
        byte[] bytes = serde.serializer().serialize("t", b);
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer view = ByteBuffer.wrap(padded, 7, bytes.length);
        assertThat(serde.deserializer().deserialize("t", null, view)).isEqualTo(b);
        assertThat(view.position()).isEqualTo(7);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(b);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", (byte[]) null)).isNull();
    }

    @Test
    void batchChecksItsShape() {
        assertThatThrownBy(() ->
                        new EmbeddingBatch("r", 0, "pos", "train", 0, 0, 1, 2, new int[2], new int[2], new float[3]))
                .hasMessageStartingWith("vectors");
        assertThatThrownBy(() ->
                        new EmbeddingBatch("r", 0, "pos", "train", 0, 0, 1, 2, new int[2], new int[1], new float[4]))
                .hasMessageStartingWith("labelIds");
        assertThatThrownBy(() ->
                        new EmbeddingBatch("r/x", 0, "pos", "train", 0, 0, 1, 2, new int[0], new int[0], new float[0]))
                .hasMessageStartingWith("runId");
        assertThat(small().setKey()).isEqualTo("run-7/12/pos/train/3");
        assertThat(small().vector(1)).containsExactly(4, 5, 6);
    }

    private String fieldOf(byte[] data) {
        return catchThrowableOfType(CodecException.class, () -> codec.decode(data))
                .field();
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }

    /** Recomputes the checksum, so that only the field's value is wrong. */
    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
