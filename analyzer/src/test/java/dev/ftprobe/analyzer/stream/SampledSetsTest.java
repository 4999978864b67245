package dev.ftprobe.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ftprobe.analyzer.results.AnalyzerCodecs;
import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.EmbeddingBatch;
import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.events.topics.Topics;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.PerLabelSample;
import dev.ftprobe.geometry.SetDynamics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer on a per-label sample of each set ({@code --sample-per-label}). */
class SampledSetsTest {
    @TempDir
    Path tmp;

    private static final int PER_LABEL = 40;
    private static final int[] LABELS = new int[3 * PER_LABEL + 4];
    private static final float[][] POINTS = points();

    /** Three well separated 4-D blobs of 40 points each, and 4 more points of label 2; seeded. */
    private static float[][] points() {
        float[][] p = TestSets.randomPoints(11, 3 * PER_LABEL, 4, 3, LABELS);
        float[][] all = Arrays.copyOf(p, LABELS.length);
        for (int i = 3 * PER_LABEL; i < LABELS.length; i++) {
            all[i] = p[2].clone();
            all[i][0] += 0.01f * (i - 3 * PER_LABEL + 1);
            LABELS[i] = 2;
        }
        return all;
    }

    /** The set at a step: every point moved by {@code shift} along the first axis when it has label 1. */
    private static List<EmbeddingBatch> set(long step, String split, float shift) {
        float[][] moved = new float[POINTS.length][];
        for (int i = 0; i < POINTS.length; i++) {
            moved[i] = POINTS[i].clone();
            if (LABELS[i] == 1) {
                moved[i][0] += shift;
            }
        }
        return TestSets.chunks("run1", step, "pos", split, 1, moved, LABELS, 3);
    }

    @Test
    void analysesTheSameSampledExamplesAtEveryStepAndSaysSo() throws Exception {
        PerLabelSample sample = new PerLabelSample(10, 7);
        AnalyzerSettings settings = AnalyzerSettings.builder()
                .setSetAnalysis(GeometrySetAnalysis.builder()
                        .optParallelism(1)
                        .optSample(sample)
                        .build())
                .build();
        try (TopologyTestDriver driver = TestSets.driver(settings, tmp)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    Topics.EMBEDDINGS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            List<EmbeddingBatch> all = new ArrayList<>();
            for (String split : List.of("train", "test")) {
                all.addAll(set(0, split, 0));
                all.addAll(set(1, split, 2.5f));
            }
            for (EmbeddingBatch b : all) {
                in.pipeInput(b.recordKey().getBytes(StandardCharsets.UTF_8), TestSets.encode(b));
            }
            Map<String, SetGeometry> geometry = driver.createOutputTopic(
                            settings.geometryTopic(),
                            new StringDeserializer(),
                            AnalyzerCodecs.setGeometrySerde().deserializer())
                    .readKeyValuesToMap();
            SetGeometry g0 = geometry.get("run1/0/pos/train/1");
            assertThat(g0.points()).isEqualTo(30);
            assertThat(g0.sample()).isEqualTo(new SetGeometry.Sample(10, 7, LABELS.length));
            // the centroids are those of the sampled examples
            int[] ids = IntStream.range(0, LABELS.length).toArray();
            int[] kept = sample.positions(LABELS, ids);
            for (int l = 0; l < 3; l++) {
                double sum = 0;
                for (int i : kept) {
                    if (LABELS[i] == l) {
                        sum += POINTS[i][1];
                    }
                }
                assertThat(TestSets.label(g0, l).centroid().get(1)).isCloseTo(sum / 10, within(1e-5));
            }
            // the same examples at step 1: label 1 moved by exactly the shift, the others not at all
            List<StepDynamics> dyn = driver.createOutputTopic(
                            settings.dynamicsTopic(),
                            new StringDeserializer(),
                            AnalyzerCodecs.stepDynamicsSerde().deserializer())
                    .readValuesToList();
            StepDynamics d1 = dyn.get(dyn.size() - 1);
            assertThat(d1.step()).isEqualTo(1);
            SetDynamics train = d1.splits().get("train").dynamics();
            assertThat(TestSets.label(train, 1).centroidMovement().get(0)).isCloseTo(2.5, within(1e-5));
            assertThat(TestSets.label(train, 1).centroidMovement().get(1)).isCloseTo(0.0, within(1e-6));
            assertThat(TestSets.label(train, 0).centroidShift()).isEqualTo(0.0);
            assertThat(TestSets.label(train, 2).centroidShift()).isEqualTo(0.0);
            assertThat(d1.splits().get("train").sample()).isEqualTo(new SetGeometry.Sample(10, 7, LABELS.length));
        }
    }

    @Test
    void aStepIsNotComparedWithABaselineOfOtherExamples() {
        SetGeometry sampled = geometry(1, new SetGeometry.Sample(2, 9, 40));
        SetGeometry full = geometry(0, null);
        StepDynamics same = dynamics(geometry(1, null), full);
        assertThat(TestSets.label(same.splits().get("train").dynamics(), 0).centroidShift())
                .isEqualTo(0.0);
        assertThatThrownBy(() -> dynamics(sampled, full))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train at step 1 was analysed on a sample of at most 2 points per label (seed 9) "
                        + "but the baseline on every point");
        assertThatThrownBy(() -> dynamics(sampled, geometry(0, new SetGeometry.Sample(2, 10, 40))))
                .hasMessageContaining("(seed 10)");
    }

    /** The dynamics of {@code now} against {@code base}, both as train and as test. */
    private static StepDynamics dynamics(SetGeometry now, SetGeometry base) {
        return DynamicsProcessor.compute(
                new SeriesId("run1", "pos", 1),
                now.step(),
                base.step(),
                "train",
                "test",
                Map.of("train", now, "test", now),
                Map.of("train", base, "test", base));
    }

    private static SetGeometry geometry(long step, SetGeometry.Sample sample) {
        return new SetGeometry(
                "run1",
                step,
                "pos",
                "train",
                1,
                3,
                2,
                "a".repeat(64),
                new GeometryResult(
                        List.of(
                                new LabelGeometry(0, "A", 1, 1.5, List.of(0.0, 1.0)),
                                new LabelGeometry(1, "B", 1, 1.5, List.of(2.0, 1.0))),
                        2,
                        true,
                        List.of(1.5)),
                sample);
    }

    @Test
    void theSampleTravelsWithTheEvent() {
        SetGeometry g = geometry(0, new SetGeometry.Sample(2, 9, 40));
        byte[] bytes = AnalyzerCodecs.SET_GEOMETRY.encode(g);
        assertThat(AnalyzerCodecs.SET_GEOMETRY.decode(bytes)).isEqualTo(g);
        int current = SetGeometry.SCHEMA_VERSION;
        String next = new String(bytes, StandardCharsets.UTF_8)
                .replace("\"schemaVersion\":" + current, "\"schemaVersion\":" + (current + 1));
        assertThatThrownBy(() -> AnalyzerCodecs.SET_GEOMETRY.decode(next.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("schema version " + (current + 1) + " (this build reads ")
                .hasMessageEndingWith(current + ")");
        assertThatThrownBy(() -> new SetGeometry(
                        "run1",
                        0,
                        "pos",
                        "train",
                        1,
                        50,
                        2,
                        "a".repeat(64),
                        g.geometry(),
                        new SetGeometry.Sample(2, 9, 40)))
                .hasMessageContaining("more than the set's 40");
    }
}
