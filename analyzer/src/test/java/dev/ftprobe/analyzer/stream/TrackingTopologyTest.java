package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.events.codec.EventCodecs;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.TrackingConventions;
import dev.ftprobe.probe.ProbeGrid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tracking labels} through the production topology: a run of four steps (the last one 3, as its manifest says)
 * where NOUN and VERB are two unit squares {@code gap} apart (so their hull distance is the gap), ADJ has 3 points
 * (left out) and X none; at step 2 VERB slides into NOUN (the set stops being linear).
 */
class TrackingTopologyTest {
    static final List<String> NAMES = List.of("NOUN", "VERB", "ADJ", "X");
    static final String RUN = "run1";
    static final double[] GAP = {2, 3, -0.5, 4};

    @TempDir
    Path tmp;

    static List<EmbeddingBatch> set(long step, String split) {
        double g = GAP[(int) step];
        double[][] square = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0}, {0.5, 1}};
        List<float[]> points = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (double[] p : square) {
            points.add(new float[] {(float) p[0], (float) p[1]});
            labels.add(0);
        }
        for (double[] p : square) {
            points.add(new float[] {(float) (p[0] + 1 + g), (float) p[1]});
            labels.add(1);
        }
        for (float[] p : new float[][] {{20, 20}, {20, 21}, {21, 20}}) {
            points.add(p);
            labels.add(2);
        }
        int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
        return TestSets.named(TestSets.chunks(RUN, step, "pos", split, 1, points.toArray(new float[0][]), l, 2), NAMES);
    }

    static RunManifest manifest(int totalSteps) {
        return manifest(totalSteps, List.of(1));
    }

    /** A manifest of a run of {@code totalSteps} steps whose embeddings are of these layers. */
    static RunManifest manifest(int totalSteps, List<Integer> layers) {
        return manifest(RUN, totalSteps, layers);
    }

    /** The same, of another run. */
    static RunManifest manifest(String run, int totalSteps, List<Integer> layers) {
        TrainingSettings training = new TrainingSettings(
                1,
                0,
                3e-4,
                32,
                0,
                0,
                totalSteps,
                totalSteps,
                128,
                1,
                "adam(0.9,0.999,1e-8)",
                "linear-warmup-decay",
                "model");
        return new RunManifest(
                run,
                "random:tiny",
                "pos",
                List.of("pos"),
                training,
                new TaskSettings(0.8, 42, List.of("P")),
                42L,
                "ab".repeat(32),
                layers,
                Map.of("train", 15, "test", 15),
                "0.1.0",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The geometry and dynamics records, raw, in order, of the four steps (the manifest first when given). */
    record Output(List<KeyValue<String, byte[]>> geometry, List<KeyValue<String, byte[]>> dynamics) {
        Map<String, SetGeometry> geometries() {
            Map<String, SetGeometry> out = new TreeMap<>();
            geometry.forEach(kv -> out.put(kv.key, AnalyzerCodecs.SET_GEOMETRY.decode(kv.value)));
            return out;
        }

        /** By step (the probed steps' dynamics come when their probes are done). */
        List<StepDynamics> steps() {
            return dynamics.stream()
                    .map(kv -> AnalyzerCodecs.STEP_DYNAMICS.decode(kv.value))
                    .sorted(Comparator.comparingLong(StepDynamics::step))
                    .toList();
        }
    }

    Output run(GeometrySetAnalysis analysis, boolean withManifest, Path state) {
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .setSetAnalysis(analysis)
                .optProbeGrid(ProbeGrid.small())
                .build();
        try (TopologyTestDriver driver = TestSets.driver(settings, state)) {
            if (withManifest) {
                driver.createInputTopic(Topics.RUNS.name(), new ByteArraySerializer(), new ByteArraySerializer())
                        .pipeInput(RUN.getBytes(StandardCharsets.UTF_8), EventCodecs.RUN_MANIFEST.encode(manifest(3)));
            }
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            for (long step = 0; step < 4; step++) {
                for (String split : List.of("train", "test")) {
                    for (EmbeddingBatch b : set(step, split)) {
                        in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
                    }
                }
                if (step == 1 && analysis.tracks()) {
                    KeyValueStore<String, byte[]> warm = driver.getKeyValueStore(AnalyzerTopology.SUPPORTS_STORE);
                    // the warm starts of the next step: one pair (NOUN, VERB) per split
                    assertThat(SupportsCodec.decode(warm.get("run1/pos/1/train")))
                            .hasSize(1);
                    assertThat(count(warm)).isEqualTo(2);
                }
            }
            // the first and last step's dynamics wait for their probes (the default --probe-steps), which run off
            // the stream thread: collected as the wall clock advances
            awaitProbes(driver);
            return new Output(
                    driver.createOutputTopic(
                                    settings.geometryTopic(), new StringDeserializer(), new ByteArrayDeserializer())
                            .readKeyValuesToList(),
                    driver.createOutputTopic(
                                    settings.dynamicsTopic(), new StringDeserializer(), new ByteArrayDeserializer())
                            .readKeyValuesToList());
        }
    }

    private static void awaitProbes(TopologyTestDriver driver) {
        try {
            TestSets.awaitProbes(driver);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int count(KeyValueStore<String, byte[]> store) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    static GeometrySetAnalysis.Builder labels() {
        return GeometrySetAnalysis.builder().optParallelism(1);
    }

    static SetGeometry train(Map<String, SetGeometry> g, long step) {
        return g.get(RUN + "/" + step + "/pos/train/1");
    }

    static Double min(SetGeometry g, int id) {
        return TestSets.label(g, id).minDistance();
    }

    @Test
    void reclustersTheFirstAndLastStepAndTracksTheOthersUnderStrictConventions() {
        Output out = run(labels().build(), true, tmp.resolve("a"));
        Map<String, SetGeometry> g = out.geometries();
        assertThat(g).hasSize(8);
        for (long step = 0; step < 4; step++) {
            SetGeometry s = train(g, step);
            assertThat(s.method()).isEqualTo(SetGeometry.TRACKING);
            assertThat(s.tracking().conventions()).isEqualTo("strict");
            assertThat(s.tracking().reclustered()).as("step %d", step).isEqualTo(step == 0 || step == 3);
            assertThat(s.tracking().pairs()).isEqualTo(1);
            assertThat(s.tracking().undecided()).isZero();
            assertThat(s.tracking().leftOutLabels()).containsExactly("ADJ");
            // the labels present, in id order; ADJ's values are undefined (its 3 points are left out)
            assertThat(s.geometry().labels()).extracting(LabelGeometry::name).containsExactly("NOUN", "VERB", "ADJ");
            assertThat(s.geometry().distanceVector().subList(1, 3)).containsOnlyNulls();
            assertThat(min(s, 2)).isNull();
            assertThat(s.geometry().clusters()).isEqualTo(3);
        }
        for (long step : new long[] {0, 1, 3}) {
            SetGeometry s = train(g, step);
            assertThat(s.geometry().linear()).isTrue();
            assertThat(s.tracking().overlapping()).isFalse();
            assertThat(s.geometry().distanceVector().get(0)).isCloseTo(GAP[(int) step], within(1e-6));
            assertThat(min(s, 0)).isCloseTo(GAP[(int) step], within(1e-6));
            assertThat(min(s, 1)).isCloseTo(GAP[(int) step], within(1e-6));
        }
        // step 2 stops being linear: the overlap is found by certificate, its distance 0 kept under strict
        SetGeometry overlap = train(g, 2);
        assertThat(overlap.geometry().linear()).isFalse();
        assertThat(overlap.tracking().overlapping()).isTrue();
        assertThat(overlap.geometry().distanceVector().get(0)).isEqualTo(0.0);
        assertThat(min(overlap, 0)).isEqualTo(0.0);
        // the dynamics are computed from the tracked geometry as from DirectProbe's
        List<StepDynamics> d = out.steps();
        assertThat(d).extracting(StepDynamics::step).containsExactly(0L, 1L, 2L, 3L);
        StepDynamics one = d.get(1);
        assertThat(TestSets.label(one.splits().get("train").dynamics(), 0).minDistanceChange())
                .isCloseTo(1.0, within(1e-6));
        assertThat(TestSets.label(d.get(2).splits().get("train").dynamics(), 1).minDistanceChange())
                .isCloseTo(-2.0, within(1e-6));
    }

    @Test
    void originalConventionsWriteTheFullLabelSetWithZerosAndZeroVectorsOnOverlap() {
        Map<String, SetGeometry> g = run(
                        labels().optConventions(TrackingConventions.ORIGINAL).build(), true, tmp)
                .geometries();
        SetGeometry s = train(g, 1);
        assertThat(s.tracking().conventions()).isEqualTo("original");
        assertThat(s.geometry().labels()).extracting(LabelGeometry::id).containsExactly(0, 1, 2, 3);
        assertThat(s.tracking().leftOutLabels()).containsExactly("ADJ", "X");
        List<Double> v = s.geometry().distanceVector();
        assertThat(v).hasSize(6);
        assertThat(v.get(0)).isCloseTo(3.0, within(1e-6));
        assertThat(v.subList(1, 6)).containsOnly(0.0);
        assertThat(s.geometry().labels())
                .extracting(LabelGeometry::minDistance)
                .containsExactly(v.get(0), v.get(0), 0.0, 0.0);
        assertThat(TestSets.label(s, 3).centroid()).isNull();
        // DirectProbe's cluster counts at a recluster step, over the labels present
        assertThat(train(g, 0).geometry().clusters()).isEqualTo(3);
        SetGeometry overlap = train(g, 2);
        assertThat(overlap.tracking().overlapping()).isTrue();
        assertThat(overlap.geometry().distanceVector()).hasSize(6).containsOnly(0.0);
        assertThat(overlap.geometry().labels())
                .extracting(LabelGeometry::minDistance)
                .containsOnly(0.0);
    }

    @Test
    void withoutTheManifestOnlyStepZeroAndEveryKthStepAreReclustered() {
        Map<String, SetGeometry> g =
                run(labels().optReclusterEvery(2).build(), false, tmp).geometries();
        assertThat(Arrays.stream(new long[] {0, 1, 2, 3})
                        .mapToObj(step -> train(g, step).tracking().reclustered()))
                .containsExactly(true, false, true, false);
        // DirectProbe's count at the overlapping step 2: more clusters than labels
        assertThat(train(g, 2).geometry().clusters()).isGreaterThan(3);
        assertThat(train(g, 1).geometry().clusters()).isEqualTo(3);
    }

    @Test
    void clustersModeIsDirectProbeAtEveryStep() {
        Map<String, SetGeometry> g = run(
                        labels().optTracking(TrackingMode.CLUSTERS).build(), true, tmp)
                .geometries();
        for (long step = 0; step < 4; step++) {
            assertThat(train(g, step).method()).isEqualTo(SetGeometry.DIRECTPROBE);
            assertThat(train(g, step).tracking()).isNull();
        }
        assertThat(train(g, 2).geometry().clusters()).isGreaterThan(3);
    }

    @Test
    void aReplayOfTheSameInputGivesTheSameBytes() {
        Output first = run(labels().build(), true, tmp.resolve("first"));
        Output second = run(labels().build(), true, tmp.resolve("second"));
        assertThat(first.geometry()).hasSize(8);
        assertThat(first.dynamics()).hasSize(4);
        for (int i = 0; i < first.geometry().size(); i++) {
            assertThat(second.geometry().get(i).key).isEqualTo(first.geometry().get(i).key);
            assertThat(second.geometry().get(i).value)
                    .isEqualTo(first.geometry().get(i).value);
        }
        for (int i = 0; i < first.dynamics().size(); i++) {
            assertThat(second.dynamics().get(i).value)
                    .isEqualTo(first.dynamics().get(i).value);
        }
    }
}
