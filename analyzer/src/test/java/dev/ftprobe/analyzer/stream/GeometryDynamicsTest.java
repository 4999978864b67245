package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.SetDynamics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole analysis (the geometry core's DirectProbe and hull distances, then the dynamics) on tiny 2-D sets whose
 * convex hulls are segments, so that every distance is known by hand: label 0 on x = 0, y in 0..5; label 1 on x = b, y
 * in 0..5; label 2 on y = 9, x in 0..5. Then d(0,1) = b, d(0,2) = 4 (from (0,5) to (0,9)) and d(1,2) = 4 (from (b,5) to
 * (b,9)). Six points per label, since clusters of at most 5 points are left out of the distances.
 */
class GeometryDynamicsTest {
    @TempDir
    Path tmp;

    /** The three segments, label 1 at x = b; {@code intruder} adds a label-0 point on label 1's segment. */
    private static List<EmbeddingBatch> set(long step, String split, float b, boolean intruder) {
        List<float[]> pts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            pts.add(new float[] {0, i});
            labels.add(0);
            pts.add(new float[] {b, i});
            labels.add(1);
            pts.add(new float[] {i, 9});
            labels.add(2);
        }
        if (intruder) {
            pts.add(new float[] {b, 2.5f});
            labels.add(0);
        }
        List<EmbeddingBatch> chunks = TestSets.chunks(
                "run1",
                step,
                "pos",
                split,
                3,
                pts.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                2);
        return TestSets.named(chunks, List.of("NOUN", "VERB", "ADJ"));
    }

    @Test
    void hullDistancesAndDynamicsOfSegments() throws Exception {
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .setSetAnalysis(GeometrySetAnalysis.builder()
                        .optParallelism(1)
                        .optTracking(TrackingMode.CLUSTERS)
                        .build())
                .build();
        try (TopologyTestDriver driver = TestSets.driver(settings, tmp)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            List<EmbeddingBatch> all = new ArrayList<>();
            all.addAll(set(0, "train", 2, false));
            all.addAll(set(0, "test", 2, false));
            all.addAll(set(1, "train", 3, false));
            all.addAll(set(1, "test", 3, true));
            for (EmbeddingBatch b : all) {
                in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
            }
            Map<String, SetGeometry> geometry = driver.createOutputTopic(
                            settings.geometryTopic(),
                            new StringDeserializer(),
                            AnalyzerCodecs.setGeometrySerde().deserializer())
                    .readKeyValuesToMap();
            assertThat(geometry).hasSize(4);
            SetGeometry g0 = geometry.get("run1/0/pos/train/3");
            assertThat(g0.geometry().linear()).isTrue();
            assertThat(g0.geometry().clusters()).isEqualTo(3);
            // the chunks carry the task's names: labels are named, in id order
            assertThat(g0.geometry().labels()).extracting(LabelGeometry::id).containsExactly(0, 1, 2);
            assertThat(g0.geometry().labels()).extracting(LabelGeometry::name).containsExactly("NOUN", "VERB", "ADJ");
            assertThat(g0.geometry().distanceVector().get(0)).isCloseTo(2.0, within(1e-3));
            assertThat(g0.geometry().distanceVector().get(1)).isCloseTo(4.0, within(1e-3));
            assertThat(g0.geometry().distanceVector().get(2)).isCloseTo(4.0, within(1e-3));
            assertThat(TestSets.label(g0, 0).centroid()).containsExactly(0.0, 2.5);
            assertThat(TestSets.label(g0, 2).centroid()).containsExactly(2.5, 9.0);
            SetGeometry t1 = geometry.get("run1/1/pos/test/3");
            assertThat(t1.geometry().linear()).isFalse();
            assertThat(t1.geometry().clusters()).isGreaterThan(3);
            assertThat(t1.geometry().labels().stream()
                            .mapToInt(LabelGeometry::clusters)
                            .sum())
                    .isEqualTo(t1.geometry().clusters());

            List<StepDynamics> dyn = driver.createOutputTopic(
                            settings.dynamicsTopic(),
                            new StringDeserializer(),
                            AnalyzerCodecs.stepDynamicsSerde().deserializer())
                    .readValuesToList();
            assertThat(dyn).extracting(StepDynamics::step).containsExactly(0L, 1L);
            assertThat(dyn.get(0).trainTestSimilarity()).isCloseTo(1.0, within(1e-6));
            StepDynamics d1 = dyn.get(1);
            SetDynamics train = d1.splits().get("train").dynamics();
            assertThat(train.labelDynamics()).extracting(LabelDynamics::name).containsExactly("NOUN", "VERB", "ADJ");
            // min distances: step 0 (2, 2, 4), step 1 (3, 3, 4)
            assertThat(TestSets.label(train, 0).minDistance()).isCloseTo(3.0, within(1e-3));
            assertThat(TestSets.label(train, 2).minDistance()).isCloseTo(4.0, within(1e-3));
            assertThat(TestSets.label(train, 1).minDistanceChange()).isCloseTo(1.0, within(1e-3));
            assertThat(TestSets.label(train, 2).minDistanceChange()).isCloseTo(0.0, within(1e-3));
            assertThat(train.meanMinDistance()).isCloseTo(10.0 / 3, within(1e-3));
            // [3,4,4] against [2,4,4]: deviations proportional, r = 1
            assertThat(train.similarityToBaseline()).isCloseTo(1.0, within(1e-6));
            // label 1 moved from x = 2 to x = 3
            assertThat(TestSets.label(train, 1).centroidMovement()).containsExactly(1.0, 0.0);
            assertThat(TestSets.label(train, 1).centroidShift()).isEqualTo(1.0);
            assertThat(TestSets.label(train, 0).centroidShift()).isEqualTo(0.0);
            // the test split at step 1 is not linear: no similarity, and it says why
            assertThat(d1.trainTestSimilarity()).isNull();
            assertThat(d1.trainTestSimilarityUndefined()).contains("test at step 1 is not linear");
            assertThat(d1.splits().get("test").dynamics().similarityToBaseline())
                    .isNull();
        }
    }
}
