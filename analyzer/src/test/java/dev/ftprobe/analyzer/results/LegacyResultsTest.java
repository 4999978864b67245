package dev.ftprobe.analyzer.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ftprobe.events.codec.CodecException;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.SetDynamics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Results retained by an older build (schema versions 1 and 2: labels as decimal text sorted as text, values in maps
 * keyed by that text) still decode, upgraded to labels in id order named by their id.
 */
class LegacyResultsTest {
    private static final String SHA = "a".repeat(64);

    /** Labels 0, 1, 10, 2 in text order; d(0,1)=1, d(0,10)=2, d(0,2)=3, d(1,10)=4, d(1,2)=5, d(10,2)=6. */
    private static String geometryV2(String sample) {
        return "{\"schemaVersion\":2,\"runId\":\"run1\",\"step\":5,\"probeTask\":\"pos\",\"split\":\"train\","
                + "\"layer\":1,\"points\":40,\"dim\":1,\"inputSha256\":\"" + SHA + "\","
                + "\"labels\":[\"0\",\"1\",\"10\",\"2\"],\"clusters\":5,\"linear\":false,"
                + "\"labelClusters\":{\"0\":1,\"1\":1,\"10\":2,\"2\":1},"
                + "\"distanceVector\":[1.0,2.0,3.0,4.0,5.0,null],"
                + "\"labelMinDistances\":{\"0\":1.0,\"1\":1.0,\"10\":2.0,\"2\":3.0},"
                + "\"centroids\":{\"0\":[0.5],\"1\":[1.5],\"10\":[10.5],\"2\":[2.5]}" + sample + "}";
    }

    /** A version 2 split: labels 2, 3 and 10, their values in maps keyed by the decimal text of the ids. */
    private static final String SPLIT_V2 = "{\"clusters\":3,\"labels\":3,\"linear\":true,"
            + "\"labelMinDistance\":{\"10\":2.0,\"2\":3.0},\"labelMinDistanceChange\":{\"2\":0.5},"
            + "\"meanMinDistance\":2.5,\"similarityToBaseline\":0.9,"
            + "\"centroidShift\":{\"10\":1.0,\"2\":0.0,\"3\":2.0},"
            + "\"centroidMovement\":{\"10\":[1.0],\"2\":[0.0],\"3\":[2.0]}}";

    private static String dynamicsV2(String train) {
        return "{\"schemaVersion\":2,\"runId\":\"run1\",\"probeTask\":\"pos\",\"layer\":1,\"step\":5,"
                + "\"baselineStep\":0,\"splits\":{\"train\":" + train + "},"
                + "\"trainTestSimilarityUndefined\":\"test at step 5 is not linear\"}";
    }

    @Test
    void setGeometryOfVersionsOneAndTwoReadsInIdOrder() {
        SetGeometry g = AnalyzerCodecs.SET_GEOMETRY.decode(
                bytes(geometryV2(",\"sample\":{\"maxPerLabel\":10,\"seed\":7,\"setPoints\":80}")));
        GeometryResult r = g.geometry();
        assertThat(r.labels()).extracting(LabelGeometry::id).containsExactly(0, 1, 2, 10);
        assertThat(r.labels()).extracting(LabelGeometry::name).containsExactly("0", "1", "2", "10");
        assertThat(r.labels()).extracting(LabelGeometry::clusters).containsExactly(1, 1, 1, 2);
        assertThat(r.labels()).extracting(LabelGeometry::minDistance).containsExactly(1.0, 1.0, 3.0, 2.0);
        assertThat(r.labels().get(3).centroid()).containsExactly(10.5);
        // id order 0, 1, 2, 10: (0,1), (0,2), (0,10), (1,2), (1,10), (2,10)
        assertThat(r.distanceVector()).containsExactly(1.0, 3.0, 2.0, 5.0, 4.0, null);
        assertThat(r.clusters()).isEqualTo(5);
        assertThat(g.sample()).isEqualTo(new SetGeometry.Sample(10, 7, 80));
        SetGeometry v1 = AnalyzerCodecs.SET_GEOMETRY.decode(
                bytes(geometryV2("").replace("\"schemaVersion\":2", "\"schemaVersion\":1")));
        assertThat(v1.geometry()).isEqualTo(r);
        assertThat(v1.sample()).isNull();
        // and the upgrade is what the current version writes and reads back
        assertThat(AnalyzerCodecs.SET_GEOMETRY.decode(AnalyzerCodecs.SET_GEOMETRY.encode(g)))
                .isEqualTo(g);
    }

    @Test
    void stepDynamicsOfVersionTwoReadsInIdOrder() {
        String json = dynamicsV2(SPLIT_V2);
        StepDynamics d = AnalyzerCodecs.STEP_DYNAMICS.decode(bytes(json));
        SetDynamics t = d.splits().get("train").dynamics();
        assertThat(t.labelDynamics()).extracting(LabelDynamics::id).containsExactly(2, 3, 10);
        assertThat(t.labelDynamics()).extracting(LabelDynamics::name).containsExactly("2", "3", "10");
        assertThat(t.labelDynamics()).extracting(LabelDynamics::minDistance).containsExactly(3.0, null, 2.0);
        assertThat(t.labelDynamics())
                .extracting(LabelDynamics::minDistanceChange)
                .containsExactly(0.5, null, null);
        assertThat(t.labelDynamics()).extracting(LabelDynamics::centroidShift).containsExactly(0.0, 2.0, 1.0);
        assertThat(t.meanMinDistance()).isEqualTo(2.5);
        assertThat(t.similarityToBaseline()).isEqualTo(0.9);
        assertThat(d.trainTestSimilarity()).isNull();
        assertThat(d.trainTestSimilarityUndefined()).isEqualTo("test at step 5 is not linear");
        StepDynamics v1 =
                AnalyzerCodecs.STEP_DYNAMICS.decode(bytes(json.replace("\"schemaVersion\":2", "\"schemaVersion\":1")));
        assertThat(v1).isEqualTo(d);
        assertThat(AnalyzerCodecs.STEP_DYNAMICS.decode(AnalyzerCodecs.STEP_DYNAMICS.encode(d)))
                .isEqualTo(d);
    }

    @Test
    void theCurrentVersionIsReadableJsonWithNamedLabels() {
        SetGeometry g = new SetGeometry(
                "run1",
                0,
                "pos",
                "train",
                1,
                3,
                1,
                SHA,
                new GeometryResult(
                        List.of(
                                new LabelGeometry(0, "ADJ", 1, null, List.of(0.5)),
                                new LabelGeometry(1, "NOUN", 1, null, List.of(1.0))),
                        2,
                        true,
                        Arrays.asList((Double) null),
                        1),
                null);
        String json = new String(AnalyzerCodecs.SET_GEOMETRY.encode(g), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"schemaVersion\":4,")
                .contains("\"undecided\":1")
                .contains("\"labels\":[{\"id\":0,\"name\":\"ADJ\",\"clusters\":1,\"centroid\":[0.5]}")
                .contains("\"distanceVector\":[null]")
                .doesNotContain("minDistance")
                .doesNotContain("NaN");
        assertThat(AnalyzerCodecs.SET_GEOMETRY.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(g);
        assertThat(json).contains("\"method\":\"directprobe\"").doesNotContain("tracking");
        // version 3 had no method: its sets were all analysed by DirectProbe
        String v3 = json.replace("{\"schemaVersion\":4,", "{\"schemaVersion\":3,")
                .replace(",\"method\":\"directprobe\"", "");
        assertThat(v3).doesNotContain("method");
        assertThat(AnalyzerCodecs.SET_GEOMETRY.decode(bytes(v3))).isEqualTo(g);
        SetGeometry tracked = new SetGeometry(
                g.runId(),
                g.step(),
                g.probeTask(),
                g.split(),
                g.layer(),
                g.points(),
                g.dim(),
                g.inputSha256(),
                g.geometry(),
                null,
                SetGeometry.TRACKING,
                new SetGeometry.Tracking("strict", false, 1, 1, false, List.of()));
        assertThat(AnalyzerCodecs.SET_GEOMETRY.decode(AnalyzerCodecs.SET_GEOMETRY.encode(tracked)))
                .isEqualTo(tracked);
    }

    @Test
    void versionThreeWithoutUndecidedReadsAsNoneUndecided() {
        SetGeometry g = new SetGeometry(
                "run1",
                0,
                "pos",
                "train",
                1,
                3,
                1,
                SHA,
                new GeometryResult(
                        List.of(
                                new LabelGeometry(0, "ADJ", 1, null, List.of(0.5)),
                                new LabelGeometry(1, "NOUN", 1, null, List.of(1.0))),
                        2,
                        true,
                        Arrays.asList(0.25),
                        3),
                null);
        String v4 = new String(AnalyzerCodecs.SET_GEOMETRY.encode(g), StandardCharsets.UTF_8);
        String v3 = v4.replace("{\"schemaVersion\":4,", "{\"schemaVersion\":3,").replace(",\"undecided\":3", "");
        assertThat(v3).startsWith("{\"schemaVersion\":3,").doesNotContain("undecided");
        SetGeometry read = AnalyzerCodecs.SET_GEOMETRY.decode(bytes(v3));
        assertThat(read.geometry().undecided()).isZero();
        assertThat(read.geometry().distanceVector()).containsExactly(0.25);
        assertThat(read.geometry().labels()).isEqualTo(g.geometry().labels());
    }

    @Test
    void stepDynamicsOfVersionThreeReadWithoutAProbeAndVersionFourKeepsIt() {
        SetDynamics split = new SetDynamics(
                2, 2, true, List.of(new LabelDynamics(0, "ADJ", 1.5, 0.5, 0.25, List.of(0.1))), 1.5, 0.75, null);
        StepDynamics d = new StepDynamics(
                "run1", "pos", 1, 4, 0, Map.of("test", new StepDynamics.SplitDynamics(split, null)), 0.5, null);
        String v4 = new String(AnalyzerCodecs.STEP_DYNAMICS.encode(d), StandardCharsets.UTF_8);
        assertThat(v4).startsWith("{\"schemaVersion\":4,").doesNotContain("\"probe\""); // an absent value is left out
        String v3 = v4.replace("{\"schemaVersion\":4,", "{\"schemaVersion\":3,");
        assertThat(AnalyzerCodecs.STEP_DYNAMICS.decode(bytes(v3))).isEqualTo(d);

        StepDynamics probed = d.withProbe(
                new StepProbe("small", List.of(32, 64), 1e-4, 0.8, 0.1, List.of(0.7, 0.9), 0.75, 3, Map.of("X", 2)));
        assertThat(AnalyzerCodecs.STEP_DYNAMICS.decode(AnalyzerCodecs.STEP_DYNAMICS.encode(probed)))
                .isEqualTo(probed);
    }

    /** Found by SetGeometryFuzzTest and StepDynamicsFuzzTest: the upgrades threw NullPointerExceptions. */
    @Test
    void legacyResultsThatDoNotUpgradeAreCodecErrorsNamingTheField() {
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"1\",\"10\"", "\"1\",null"),
                "labels[2]",
                "is required");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"10\",\"2\"]", "\"010\",\"2\"]"),
                "labels[2]",
                "must be a label id as decimal text");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"labels\":[\"0\",\"1\"", "\"labels\":[\"0\",\"0\""),
                "labels",
                "label 0 occurs twice");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("5.0,null]", "5.0]"),
                "distanceVector",
                "has 5 entries for 4 labels, expected 6");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"labelClusters\":{\"0\":1", "\"labelClusters\":{\"0\":null"),
                "labelClusters[0]",
                "is required");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"clusters\":5", "\"clusters\":1"),
                "message",
                "version 2 does not upgrade to 4");
        assertCodecError(
                AnalyzerCodecs.STEP_DYNAMICS,
                dynamicsV2(SPLIT_V2.replaceFirst(",\"centroidShift\":\\{[^}]*}", "")),
                "centroidShift",
                "is required");
        assertCodecError(
                AnalyzerCodecs.STEP_DYNAMICS,
                dynamicsV2(SPLIT_V2.replace("{\"10\":2.0", "{\"ten\":2.0")),
                "splits.train.labelMinDistance key",
                "was \"ten\"");
        assertCodecError(AnalyzerCodecs.STEP_DYNAMICS, dynamicsV2("null"), "splits[train]", "is required");
        assertCodecError(
                AnalyzerCodecs.STEP_DYNAMICS,
                dynamicsV2(SPLIT_V2.replace("\"3\":[2.0]", "\"3\":[null]")),
                "centroidMovement[3][0]",
                "is required");
        assertCodecError(
                AnalyzerCodecs.SET_GEOMETRY,
                geometryV2("").replace("\"2\":[2.5]", "\"2\":[2.5,null]"),
                "centroids[2][1]",
                "is required");
    }

    /** A version 2 geometry whose distances do not fit its 10,000 labels fails before the pairs are walked. */
    @Test
    void aLegacyDistanceVectorOfTheWrongLengthFailsBeforeThePairs() {
        StringBuilder labels = new StringBuilder("\"0\"");
        for (int i = 1; i < 10_000; i++) {
            labels.append(",\"").append(i).append('"');
        }
        String json = geometryV2("").replace("\"0\",\"1\",\"10\",\"2\"", labels);
        assertCodecError(AnalyzerCodecs.SET_GEOMETRY, json, "distanceVector", "expected 49995000");
    }

    private static void assertCodecError(ResultCodec<?, ?> codec, String json, String field, String message) {
        CodecException e = catchThrowableOfType(CodecException.class, () -> codec.decode(bytes(json)));
        assertThat(e).as(json).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(message);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
