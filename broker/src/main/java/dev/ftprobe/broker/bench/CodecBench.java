package dev.ftprobe.broker.bench;

import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EmbeddingBatchCodec;
import dev.ftprobe.events.codec.EventCodecs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throughput of the {@link EmbeddingBatch} binary codec on one thread: encode and decode measured separately, after a
 * warm-up. MB are 10^6 bytes of vector payload (4 bytes per float).
 */
public final class CodecBench {
    private CodecBench() {}

    public static Map<String, Object> run(int dim, int vectorsPerBatch, Duration duration) {
        EmbeddingBatchCodec codec = EventCodecs.EMBEDDING_BATCH;
        EmbeddingBatch batch = randomBatch(dim, vectorsPerBatch, 0, 1, 42);
        byte[] encoded = codec.encode(batch);
        long sink = 0;
        Duration half = duration.dividedBy(2);
        Duration warm = half.dividedBy(4);
        // warm up both paths before measuring either
        sink += loop(warm, () -> codec.encode(batch).length);
        sink += loop(warm, () -> codec.decode(encoded).count());
        long[] enc = measure(half, () -> codec.encode(batch).length);
        long[] dec = measure(half, () -> codec.decode(encoded).count());
        sink += enc[2] + dec[2];
        double payload = batch.payloadBytes();
        double encSeconds = enc[1] / 1e9;
        double decSeconds = dec[1] / 1e9;
        double encMb = enc[0] * payload / encSeconds / 1e6;
        double decMb = dec[0] * payload / decSeconds / 1e6;
        double perBatchSeconds = encSeconds / enc[0] + decSeconds / dec[0];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "codec");
        out.put("dim", dim);
        out.put("vectors_per_record", vectorsPerBatch);
        out.put("record_bytes", encoded.length);
        out.put("mb_per_s", round(payload / perBatchSeconds / 1e6));
        out.put("records_per_s", round(1 / perBatchSeconds));
        out.put("encode_mb_per_s", round(encMb));
        out.put("decode_mb_per_s", round(decMb));
        out.put("encode_records_per_s", round(enc[0] / encSeconds));
        out.put("decode_records_per_s", round(dec[0] / decSeconds));
        out.put("note", "mb_per_s and records_per_s: one encode plus one decode per record, one thread");
        if (sink == 42) {
            out.put("sink", sink);
        }
        return out;
    }

    private interface Op {
        long run();
    }

    private static long loop(Duration d, Op op) {
        long end = System.nanoTime() + d.toNanos();
        long sink = 0;
        while (System.nanoTime() < end) {
            sink += op.run();
        }
        return sink;
    }

    /** {iterations, nanos, sink}. */
    private static long[] measure(Duration d, Op op) {
        long start = System.nanoTime();
        long end = start + d.toNanos();
        long n = 0;
        long sink = 0;
        long now;
        do {
            sink += op.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return new long[] {n, now - start, sink};
    }

    /** A batch of gaussian vectors, deterministic for a seed. */
    public static EmbeddingBatch randomBatch(int dim, int count, int chunkIndex, int chunkCount, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[count];
        int[] labels = new int[count];
        float[] v = new float[count * dim];
        for (int i = 0; i < count; i++) {
            ids[i] = chunkIndex * count + i;
            labels[i] = rnd.nextInt(17);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) gaussian(rnd);
        }
        return new EmbeddingBatch("bench", 0, "pos", "train", 1, chunkIndex, chunkCount, dim, ids, labels, v);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
