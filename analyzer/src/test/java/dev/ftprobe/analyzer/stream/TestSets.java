package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.SetDynamics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Builds synthetic sets and chunks for the analyzer's tests. */
final class TestSets {
    private TestSets() {}

    /** The chunks of a set of {@code points} (one row per vector) with {@code labels}, in {@code chunkCount} chunks. */
    static List<EmbeddingBatch> chunks(
            String run,
            long step,
            String task,
            String split,
            int layer,
            float[][] points,
            int[] labels,
            int chunkCount) {
        int n = points.length;
        int dim = points[0].length;
        List<EmbeddingBatch> out = new ArrayList<>();
        for (int c = 0; c < chunkCount; c++) {
            int from = (int) ((long) n * c / chunkCount);
            int to = (int) ((long) n * (c + 1) / chunkCount);
            int[] ex = new int[to - from];
            int[] lab = new int[to - from];
            float[] v = new float[(to - from) * dim];
            for (int i = from; i < to; i++) {
                ex[i - from] = i;
                lab[i - from] = labels[i];
                System.arraycopy(points[i], 0, v, (i - from) * dim, dim);
            }
            out.add(new EmbeddingBatch(run, step, task, split, layer, c, chunkCount, dim, ex, lab, v));
        }
        return out;
    }

    /** The same chunks, carrying these label names (as the extractor's do). */
    static List<EmbeddingBatch> named(List<EmbeddingBatch> chunks, List<String> names) {
        return chunks.stream()
                .map(b -> new EmbeddingBatch(
                        b.runId(),
                        b.step(),
                        b.probeTask(),
                        b.split(),
                        b.layer(),
                        b.chunkIndex(),
                        b.chunkCount(),
                        b.dim(),
                        b.exampleIds(),
                        b.labelIds(),
                        b.vectors(),
                        names))
                .toList();
    }

    /** {@code n} random points around a centre per label, {@code labels} labels, seeded. */
    static float[][] randomPoints(long seed, int n, int dim, int labelCount, int[] labelsOut) {
        Random r = new Random(seed);
        float[][] centres = new float[labelCount][dim];
        for (float[] c : centres) {
            for (int k = 0; k < dim; k++) {
                c[k] = (float) (r.nextGaussian() * 10);
            }
        }
        float[][] pts = new float[n][dim];
        for (int i = 0; i < n; i++) {
            int l = i % labelCount;
            labelsOut[i] = l;
            for (int k = 0; k < dim; k++) {
                pts[i][k] = centres[l][k] + (float) r.nextGaussian();
            }
        }
        return pts;
    }

    /** The label with this id in a set's geometry. */
    static LabelGeometry label(SetGeometry g, int id) {
        return g.geometry().labels().get(g.geometry().indexOf(id));
    }

    /** The label with this id in a split's dynamics. */
    static LabelDynamics label(SetDynamics d, int id) {
        return d.labelDynamics().stream().filter(l -> l.id() == id).findFirst().orElseThrow();
    }

    /**
     * A test driver of the analyzer's topology with these settings, its state under {@code stateDir}, run with the
     * Streams configuration of production (exactly_once_v2 included): the properties of an analyzer of the same
     * analysis id, which is built but never started.
     */
    static TopologyTestDriver driver(AnalyzerSettings settings, Path stateDir) {
        return driver(settings, stateDir, new SetOverruns(settings.maxSetTime()));
    }

    /** The production topology and properties, with these overruns (a test records one beforehand). */
    static TopologyTestDriver driver(AnalyzerSettings settings, Path stateDir, SetOverruns overruns) {
        Properties production;
        try (Analyzer analyzer = Analyzer.builder()
                .setBootstrap("unused:9092")
                .optAnalysisId(settings.analysisId())
                .optStateDir(stateDir)
                .optSetAnalysis(settings.setAnalysis())
                .optMaxSetTime(settings.maxSetTime())
                .build()) {
            production = analyzer.streamsProperties();
        }
        if (!settings.applicationId().equals(production.getProperty(StreamsConfig.APPLICATION_ID_CONFIG))) {
            throw new IllegalStateException("the production properties are of another application: " + production);
        }
        return new TopologyTestDriver(AnalyzerTopology.buildTopology(settings, overruns), production);
    }

    static byte[] encode(EmbeddingBatch b) {
        return EventCodecs.EMBEDDING_BATCH.encode(b);
    }

    /**
     * A stand-in for DirectProbe in tests of the plumbing: every label one cluster (linear), label distances =
     * distances between centroids. Deterministic and sensitive to every input value.
     */
    static final class CentroidGeometry implements SetAnalysis {
        @Override
        public SetGeometry analyse(AssembledSet s) {
            TreeMap<Integer, double[]> sums = new TreeMap<>();
            TreeMap<Integer, Integer> counts = new TreeMap<>();
            for (int i = 0; i < s.size(); i++) {
                double[] acc = sums.computeIfAbsent(s.labelIds()[i], k -> new double[s.dim()]);
                for (int k = 0; k < s.dim(); k++) {
                    acc[k] += s.vectors()[i * s.dim() + k];
                }
                counts.merge(s.labelIds()[i], 1, Integer::sum);
            }
            List<double[]> cs = new ArrayList<>();
            List<Integer> ids = new ArrayList<>(sums.keySet());
            for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
                double[] c = e.getValue();
                for (int k = 0; k < c.length; k++) {
                    c[k] /= counts.get(e.getKey());
                }
                cs.add(c);
            }
            List<Double> dv = new ArrayList<>();
            double[] min = new double[cs.size()];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            for (int i = 0; i < cs.size(); i++) {
                for (int j = i + 1; j < cs.size(); j++) {
                    double d = 0;
                    for (int k = 0; k < s.dim(); k++) {
                        d += (cs.get(i)[k] - cs.get(j)[k]) * (cs.get(i)[k] - cs.get(j)[k]);
                    }
                    d = Math.sqrt(d);
                    dv.add(d);
                    min[i] = Math.min(min[i], d);
                    min[j] = Math.min(min[j], d);
                }
            }
            List<LabelGeometry> labels = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                List<Double> centroid = Arrays.stream(cs.get(i)).boxed().toList();
                labels.add(new LabelGeometry(
                        ids.get(i),
                        s.labelName(ids.get(i)),
                        1,
                        min[i] == Double.POSITIVE_INFINITY ? null : min[i],
                        centroid));
            }
            return new SetGeometry(
                    s.id().runId(),
                    s.id().step(),
                    s.id().probeTask(),
                    s.id().split(),
                    s.id().layer(),
                    s.size(),
                    s.dim(),
                    s.sha256(),
                    new GeometryResult(labels, labels.size(), true, dv),
                    null);
        }
    }

    /**
     * Advances the driver's wall clock until every probe started has been collected (the probes run off the stream
     * thread; a wall-clock punctuation forwards their outcomes).
     */
    static void awaitProbes(TopologyTestDriver driver) throws InterruptedException {
        KeyValueStore<String, String> jobs = driver.getKeyValueStore(AnalyzerTopology.PROBE_JOBS_STORE);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (hasEntries(jobs)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the probes did not finish within 3 minutes");
            }
            driver.advanceWallClockTime(ProbeScheduler.COLLECT_EVERY);
            Thread.sleep(20);
        }
    }

    private static boolean hasEntries(KeyValueStore<String, String> store) {
        try (KeyValueIterator<String, String> it = store.all()) {
            return it.hasNext();
        }
    }
}
