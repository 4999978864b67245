package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.SetDynamics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dynamics stage against values worked out by hand. The geometry of each set is given (a stand-in for DirectProbe
 * keyed by set), so that every number below follows from the arithmetic of METHOD.md §4-5 alone.
 */
class DynamicsTopologyTest {
    @TempDir
    Path tmp;

    private static final String SHA = "0".repeat(64);

    private static SetGeometry g(
            long step, String split, boolean linear, List<Double> dv, List<List<Double>> centroids) {
        List<LabelGeometry> labels = List.of(
                new LabelGeometry(0, "ADJ", 1, Math.min(dv.get(0), dv.get(1)), centroids.get(0)),
                new LabelGeometry(1, "NOUN", 1, Math.min(dv.get(0), dv.get(2)), centroids.get(1)),
                new LabelGeometry(2, "VERB", linear ? 1 : 2, Math.min(dv.get(1), dv.get(2)), centroids.get(2)));
        return new SetGeometry(
                "run1",
                step,
                "pos",
                split,
                1,
                12,
                2,
                SHA,
                new GeometryResult(labels, linear ? 3 : 4, linear, dv),
                null);
    }

    @Test
    void dynamicsMatchValuesComputedByHand() throws Exception {
        Map<String, SetGeometry> byKey = new HashMap<>();
        List<List<Double>> c0 = List.of(List.of(0.0, 0.0), List.of(2.0, 0.0), List.of(0.0, 4.0));
        List<List<Double>> c1 = List.of(List.of(1.0, 0.0), List.of(2.0, 3.0), List.of(3.0, 8.0));
        byKey.put("run1/0/pos/train/1", g(0, "train", true, List.of(2.0, 4.0, 6.0), c0));
        byKey.put("run1/0/pos/test/1", g(0, "test", true, List.of(1.0, 2.0, 3.0), c0));
        byKey.put("run1/1/pos/train/1", g(1, "train", true, List.of(3.0, 4.0, 8.0), c1));
        byKey.put("run1/1/pos/test/1", g(1, "test", false, List.of(1.0, 1.0, 1.0), c1));
        SetAnalysis given = s -> byKey.get(s.id().key());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .optAnalysisId("hand")
                .setSetAnalysis(given)
                .optMetrics(new AnalyzerMetrics(registry, "t"))
                .build();
        try (TopologyTestDriver driver = TestSets.driver(settings, tmp)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, StepDynamics> out = driver.createOutputTopic(
                    settings.dynamicsTopic(),
                    new StringDeserializer(),
                    AnalyzerCodecs.stepDynamicsSerde().deserializer());
            int[] labels = new int[12];
            float[][] pts = TestSets.randomPoints(9, 12, 2, 3, labels);
            // step 1 completes before the baseline: its dynamics wait for step 0
            for (String key : List.of("run1/1/pos/train/1", "run1/1/pos/test/1", "run1/0/pos/train/1")) {
                String[] k = key.split("/");
                for (EmbeddingBatch b : TestSets.chunks(k[0], Long.parseLong(k[1]), k[2], k[3], 1, pts, labels, 2)) {
                    in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
                }
            }
            assertThat(out.isEmpty()).isTrue();
            for (EmbeddingBatch b : TestSets.chunks("run1", 0, "pos", "test", 1, pts, labels, 2)) {
                in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
            }
            List<KeyValue<String, StepDynamics>> got = out.readKeyValuesToList();
            assertThat(got).extracting(kv -> kv.key).containsExactly("run1/pos/1", "run1/pos/1");
            StepDynamics d0 = got.get(0).value;
            StepDynamics d1 = got.get(1).value;
            assertThat(d0.step()).isZero();
            assertThat(d1.step()).isEqualTo(1);

            // step 0 against itself; train [2,4,6] vs test [1,2,3] correlate perfectly
            assertThat(d0.trainTestSimilarity()).isCloseTo(1.0, within(1e-12));
            assertThat(d0.splits().get("train").dynamics().similarityToBaseline())
                    .isCloseTo(1.0, within(1e-12));
            assertThat(d0.splits().get("train").dynamics().labelDynamics())
                    .extracting(LabelDynamics::minDistanceChange)
                    .containsExactly(0.0, 0.0, 0.0);

            SetDynamics train = d1.splits().get("train").dynamics();
            assertThat(train.labelDynamics()).extracting(LabelDynamics::id).containsExactly(0, 1, 2);
            assertThat(train.labelDynamics()).extracting(LabelDynamics::name).containsExactly("ADJ", "NOUN", "VERB");
            assertThat(train.clusters()).isEqualTo(3);
            assertThat(train.linear()).isTrue();
            // min distances at step 1: 0 -> min(3,4) = 3, 1 -> min(3,8) = 3, 2 -> min(4,8) = 4
            assertThat(train.labelDynamics())
                    .extracting(LabelDynamics::minDistance)
                    .containsExactly(3.0, 3.0, 4.0);
            // at step 0: 2, 2, 4
            assertThat(train.labelDynamics())
                    .extracting(LabelDynamics::minDistanceChange)
                    .containsExactly(1.0, 1.0, 0.0);
            assertThat(train.meanMinDistance()).isCloseTo(10.0 / 3, within(1e-12));
            // pearson([3,4,8],[2,4,6]): dx = [-2,-1,3], dy = [-2,0,2]; 10 / sqrt(14 * 8)
            assertThat(train.similarityToBaseline()).isCloseTo(10 / Math.sqrt(112), within(1e-12));
            assertThat(train.similarityToBaselineUndefined()).isNull();
            // centroid movements (1,0), (0,3), (3,4): norms 1, 3, 5
            assertThat(train.labelDynamics())
                    .extracting(LabelDynamics::centroidShift)
                    .containsExactly(1.0, 3.0, 5.0);
            assertThat(TestSets.label(train, 2).centroidMovement()).containsExactly(3.0, 4.0);

            SetDynamics test = d1.splits().get("test").dynamics();
            assertThat(test.linear()).isFalse();
            assertThat(test.clusters()).isEqualTo(4);
            assertThat(test.similarityToBaseline()).isNull();
            assertThat(test.similarityToBaselineUndefined()).contains("test at step 1 is not linear");
            // absent, not a number, in the encoding too
            assertThat(d1.trainTestSimilarity()).isNull();
            assertThat(d1.trainTestSimilarityUndefined()).contains("not linear");
            String json = new String(AnalyzerCodecs.STEP_DYNAMICS.encode(d1), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("NaN").doesNotContain("\"trainTestSimilarity\"");

            // the queries answer from the dynamics store
            DynamicsQueries q = new DynamicsQueries(() -> driver.getKeyValueStore(AnalyzerTopology.DYNAMICS_STORE));
            assertThat(q.runs())
                    .containsExactly(
                            new DynamicsQueries.Run("run1", List.of(new DynamicsQueries.Series("pos", 1, 2, 0, 1))));
            assertThat(q.dynamics("run1", Optional.of("pos"), Optional.of(1))).containsExactly(d0, d1);
            assertThat(q.dynamics("run1", Optional.of("pos"), Optional.of(2))).isEmpty();
            assertThat(q.dynamics("run2", Optional.empty(), Optional.empty())).isEmpty();

            // the gauges show the latest step
            assertThat(registry.get(AnalyzerMetrics.SIMILARITY_TO_ORIGINAL)
                            .tag("split", "train")
                            .gauge()
                            .value())
                    .isCloseTo(10 / Math.sqrt(112), within(1e-12));
            assertThat(registry.get(AnalyzerMetrics.TRAIN_TEST_SIMILARITY)
                            .gauge()
                            .value())
                    .isNaN();
            // step 0's stays, for the divergence alarm's "fallen since step 0"
            assertThat(registry.get(AnalyzerMetrics.TRAIN_TEST_SIMILARITY_BASELINE)
                            .gauge()
                            .value())
                    .isCloseTo(1.0, within(1e-12));
            assertThat(registry.get(AnalyzerMetrics.LABEL_MIN_DISTANCE)
                            .tag("split", "train")
                            .tag("label", "VERB")
                            .gauge()
                            .value())
                    .isEqualTo(4.0);
            assertThat(registry.get(AnalyzerMetrics.CLUSTERS)
                            .tag("split", "test")
                            .gauge()
                            .value())
                    .isEqualTo(4.0);
            assertThat(registry.get(AnalyzerMetrics.STEP)
                            .tag("split", "test")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.get(AnalyzerMetrics.SET_ANALYSIS).timers()).hasSize(2);
        }
    }
}
