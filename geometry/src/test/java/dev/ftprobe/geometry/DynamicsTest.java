package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dynamics maths on hand-made geometries whose every value is known. */
class DynamicsTest {
    private static LabelGeometry label(int id, String name, Double min, Double... centroid) {
        return new LabelGeometry(id, name, 1, min, centroid.length == 0 ? null : List.of(centroid));
    }

    private static GeometryResult geometry(boolean linear, List<LabelGeometry> labels, Double... vector) {
        return new GeometryResult(labels, linear ? labels.size() : labels.size() + 1, linear, Arrays.asList(vector));
    }

    @Test
    void minimumDistanceChangeCentroidShiftAndSimilarityPerLabelId() {
        // ids 2 and 10: text order would put 10 first; results keep id order
        GeometryResult base = geometry(
                true,
                List.of(
                        label(2, "NOUN", 2.0, 0.0, 0.0),
                        label(5, "VERB", 2.0, 1.0, 1.0),
                        label(10, "X", 4.0, 5.0, 5.0)),
                2.0,
                4.0,
                4.0);
        GeometryResult now = geometry(
                true,
                List.of(
                        label(2, "NOUN", 3.0, 0.0, 0.0),
                        label(5, "VERB", 3.0, 4.0, 5.0),
                        label(10, "X", 4.0, 5.0, 5.0)),
                3.0,
                4.0,
                4.0);
        SetDynamics d = Dynamics.between(now, "train at step 1", base, "train at step 0");
        assertThat(d.labelDynamics()).extracting(LabelDynamics::name).containsExactly("NOUN", "VERB", "X");
        assertThat(d.labelDynamics())
                .extracting(LabelDynamics::minDistanceChange)
                .containsExactly(1.0, 1.0, 0.0);
        assertThat(d.labelDynamics().get(1).centroidMovement()).containsExactly(3.0, 4.0);
        assertThat(d.labelDynamics().get(1).centroidShift()).isEqualTo(5.0);
        assertThat(d.labelDynamics().get(0).centroidShift()).isEqualTo(0.0);
        assertThat(d.meanMinDistance()).isCloseTo(10.0 / 3, within(1e-12));
        assertThat(d.similarityToBaseline()).isCloseTo(1.0, within(1e-12));
        assertThat(d.similarityToBaselineUndefined()).isNull();
        assertThat(d.clusters()).isEqualTo(3);
        assertThat(d.labels()).isEqualTo(3);
    }

    @Test
    void labelsMissingAtTheBaselineOrUndefinedHaveNoChange() {
        GeometryResult base = geometry(true, List.of(label(0, "A", 1.0, 0.0), label(1, "B", 1.0, 1.0)), 1.0);
        GeometryResult now = geometry(
                false,
                List.of(label(0, "A", null, 0.5), label(1, "B", 2.0, 3.0), label(2, "C", 2.0, 3.0)),
                null,
                2.0,
                2.0);
        SetDynamics d = Dynamics.between(now, "test at step 4", base, "test at step 0");
        assertThat(d.labelDynamics())
                .extracting(LabelDynamics::minDistanceChange)
                .containsExactly(null, 1.0, null);
        assertThat(d.labelDynamics()).extracting(LabelDynamics::centroidShift).containsExactly(0.5, 2.0, null);
        assertThat(d.meanMinDistance()).isEqualTo(2.0);
        assertThat(d.similarityToBaseline()).isNull();
        assertThat(d.similarityToBaselineUndefined())
                .isEqualTo("test at step 4 is not linear: 4 clusters for 3 labels");
    }

    @Test
    void similarityAlignsOnSharedLabelPairs() {
        GeometryResult a = geometry(
                true,
                List.of(label(0, "A", 1.0), label(1, "B", 1.0), label(2, "C", 1.0), label(3, "D", 1.0)),
                1.0,
                2.0,
                3.0,
                4.0,
                5.0,
                6.0);
        // b lacks label 1: the shared pairs are (0,2), (0,3), (2,3) with a's 2, 3, 6
        GeometryResult b =
                geometry(true, List.of(label(0, "A", 1.0), label(2, "C", 1.0), label(3, "D", 1.0)), 4.0, 6.0, 12.0);
        assertThat(Similarity.between(a, "a", b, "b").value()).isCloseTo(1.0, within(1e-12));
        GeometryResult c = geometry(true, List.of(label(0, "A", 1.0), label(3, "D", 1.0)), 1.0);
        assertThat(Similarity.between(a, "a", c, "c").undefined())
                .isEqualTo("a and c share 1 label pairs with a distance; a correlation needs at least 2");
    }

    @Test
    void aCentroidOfAnotherDimensionIsRefused() {
        GeometryResult base = geometry(true, List.of(label(0, "A", 1.0, 0.0), label(1, "B", 1.0, 1.0)), 1.0);
        GeometryResult now = geometry(true, List.of(label(0, "A", 1.0, 0.0, 1.0), label(1, "B", 1.0, 1.0, 1.0)), 1.0);
        assertThatThrownBy(() -> Dynamics.between(now, "now", base, "base")).hasMessageContaining("label A");
    }

    @Test
    void labelsOutOfIdOrderAreRefused() {
        assertThatThrownBy(() -> geometry(true, List.of(label(1, "B", 1.0), label(0, "A", 1.0)), 1.0))
                .hasMessageContaining("ascending id order");
    }
}
