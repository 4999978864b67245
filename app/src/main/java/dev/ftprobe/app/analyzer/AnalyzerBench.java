package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.results.SetId;
import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AssembledSet;
import dev.ftprobe.analyzer.stream.SetAnalysis;
import dev.ftprobe.broker.EmbeddedKafkaBroker;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.kafka.KafkaConfigs;
import dev.ftprobe.events.topics.TopicAdmin;
import dev.ftprobe.events.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures the analyzer end to end: synthetic sets (Gaussian blobs, one per label) are produced to the embeddings topic
 * and timed until their geometry is committed. First {@code sequential} sets one at a time (the latency of one set:
 * chunks produced, assembled, DirectProbe, result committed), then {@code burst} sets at once (throughput). Also times
 * the geometry of one such set alone, without Kafka (warm: after one untimed run).
 */
public final class AnalyzerBench {
    private AnalyzerBench() {}

    /** What to measure. */
    public record Params(
            int vectors, int dim, int labels, double noise, int chunkVectors, int sequential, int burst, long seed) {}

    /** Runs against {@code bootstrap}, or an embedded broker when it is null. */
    public static Map<String, Object> run(String bootstrap, Params p, Supplier<SetAnalysis> analysis) throws Exception {
        Path state = Files.createTempDirectory("ftprobe-analyzer-bench-");
        EmbeddedKafkaBroker broker = null;
        try {
            if (bootstrap == null) {
                broker = EmbeddedKafkaBroker.builder().build().start();
                bootstrap = broker.bootstrapServers();
            }
            TopicAdmin.createMissing(bootstrap);
            String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            Random r = new Random(p.seed());
            float[][] centres = new float[p.labels()][p.dim()];
            for (float[] c : centres) {
                for (int k = 0; k < c.length; k++) {
                    c[k] = (float) r.nextGaussian();
                }
            }
            // geometry alone, on the first set's data
            List<EmbeddingBatch> first = set(run, 0, p, centres, r);
            AssembledSet firstSet = AssembledSet.of(first);
            SetAnalysis alone = analysis.get();
            alone.analyse(firstSet); // warm-up: class loading, JIT, the LP solver's native library
            long g0 = System.nanoTime();
            var g = alone.analyse(firstSet);
            double geometrySeconds = (System.nanoTime() - g0) / 1e9;

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("vectors", p.vectors());
            out.put("dim", p.dim());
            out.put("labels", p.labels());
            out.put("noise", p.noise());
            out.put("clusters_first_set", g.geometry().clusters());
            out.put("geometry_only_s", round(geometrySeconds));
            try (Analyzer a = Analyzer.builder()
                            .setBootstrap(bootstrap)
                            .optAnalysisId(run)
                            .optStateDir(state)
                            .optSetAnalysis(analysis.get())
                            .build()
                            .start();
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                            KafkaConfigs.producer(bootstrap, "analyzer-bench").toMap(),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                // warm-up: the application's first assignment and transactions
                send(producer, first);
                if (!a.awaitSets(List.of(SetId.of(first.get(0))), Duration.ofMinutes(10))) {
                    throw new IllegalStateException("warm-up set not analysed within 10 minutes");
                }
                long step = 1;
                double[] latencies = new double[p.sequential()];
                for (int i = 0; i < p.sequential(); i++) {
                    List<EmbeddingBatch> s = set(run, step++, p, centres, r);
                    long t0 = System.nanoTime();
                    send(producer, s);
                    if (!a.awaitSets(List.of(SetId.of(s.get(0))), Duration.ofMinutes(10))) {
                        throw new IllegalStateException("set not analysed within 10 minutes");
                    }
                    latencies[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(latencies);
                out.put("sequential_sets", p.sequential());
                out.put("set_latency_median_s", p.sequential() == 0 ? null : round(latencies[latencies.length / 2]));
                out.put("set_latency_max_s", p.sequential() == 0 ? null : round(latencies[latencies.length - 1]));

                List<SetId> burst = new ArrayList<>();
                List<List<EmbeddingBatch>> sets = new ArrayList<>();
                for (int i = 0; i < p.burst(); i++) {
                    sets.add(set(run, step++, p, centres, r));
                }
                long t0 = System.nanoTime();
                for (List<EmbeddingBatch> s : sets) {
                    send(producer, s);
                    burst.add(SetId.of(s.get(0)));
                }
                if (!a.awaitSets(burst, Duration.ofMinutes(30))) {
                    throw new IllegalStateException("burst not analysed within 30 minutes");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.put("burst_sets", p.burst());
                out.put("burst_s", round(seconds));
                out.put("sets_per_s", round(p.burst() / seconds));
                out.put("mb_per_s", round(p.burst() * 4.0 * p.vectors() * p.dim() / 1e6 / seconds));
            }
            return out;
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(state);
        }
    }

    private static List<EmbeddingBatch> set(String run, long step, Params p, float[][] centres, Random r) {
        int n = p.vectors();
        List<EmbeddingBatch> chunks = new ArrayList<>();
        int count = (n + p.chunkVectors() - 1) / p.chunkVectors();
        for (int c = 0; c < count; c++) {
            int from = c * p.chunkVectors();
            int to = Math.min(n, from + p.chunkVectors());
            int[] ex = new int[to - from];
            int[] lab = new int[to - from];
            float[] v = new float[(to - from) * p.dim()];
            for (int i = from; i < to; i++) {
                ex[i - from] = i;
                lab[i - from] = i % p.labels();
                for (int k = 0; k < p.dim(); k++) {
                    v[(i - from) * p.dim() + k] = centres[i % p.labels()][k] + (float) (r.nextGaussian() * p.noise());
                }
            }
            chunks.add(new EmbeddingBatch(run, step, "bench", "train", 0, c, count, p.dim(), ex, lab, v));
        }
        return chunks;
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<EmbeddingBatch> chunks) {
        for (EmbeddingBatch b : chunks) {
            producer.send(new ProducerRecord<>(
                    Topics.EMBEDDINGS.name(), b.recordKey(), EventCodecs.EMBEDDING_BATCH.encode(b)));
        }
        producer.flush();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
