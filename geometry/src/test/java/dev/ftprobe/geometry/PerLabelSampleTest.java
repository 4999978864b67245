package dev.ftprobe.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PerLabelSampleTest {
    /** 1,000 points of label 0, 30 of label 1, 3 of label 2, interleaved; example ids 5000 + position. */
    private static final int[] LABELS =
            IntStream.range(0, 1033).map(i -> i < 1000 ? 0 : i < 1030 ? 1 : 2).toArray();

    private static final int[] IDS =
            IntStream.range(0, LABELS.length).map(i -> 5000 + i).toArray();

    private static long count(int[] positions, int label) {
        return Arrays.stream(positions).filter(p -> LABELS[p] == label).count();
    }

    @Test
    void keepsAtMostTheCapOfEachLabelAndAllOfSmallerLabels() {
        int[] kept = new PerLabelSample(20, 42).positions(LABELS, IDS);
        assertThat(count(kept, 0)).isEqualTo(20);
        assertThat(count(kept, 1)).isEqualTo(20);
        assertThat(count(kept, 2)).isEqualTo(3);
        assertThat(kept).isSorted().doesNotHaveDuplicates();
        // spread over the label, not its first points
        assertThat(Arrays.stream(kept).filter(p -> LABELS[p] == 0).max().getAsInt())
                .isGreaterThan(500);
    }

    @Test
    void dependsOnTheSeedAndTheExampleIdsOnly() {
        PerLabelSample s = new PerLabelSample(20, 42);
        int[] kept = s.positions(LABELS, IDS);
        assertThat(s.positions(LABELS, IDS)).isEqualTo(kept);
        assertThat(new PerLabelSample(20, 43).positions(LABELS, IDS)).isNotEqualTo(kept);

        // the same examples in reverse order: the same examples are kept
        int n = LABELS.length;
        int[] revLabels = IntStream.range(0, n).map(i -> LABELS[n - 1 - i]).toArray();
        int[] revIds = IntStream.range(0, n).map(i -> IDS[n - 1 - i]).toArray();
        int[] revKept = s.positions(revLabels, revIds);
        assertThat(Arrays.stream(revKept).map(p -> revIds[p]).sorted().toArray())
                .isEqualTo(Arrays.stream(kept).map(p -> IDS[p]).sorted().toArray());
    }

    @Test
    void samplesThePointsThemselves() {
        double[] data = new double[LABELS.length * 2];
        for (int i = 0; i < LABELS.length; i++) {
            data[2 * i] = i;
            data[2 * i + 1] = -i;
        }
        LabelledPoints points = LabelledPoints.of(data, 2, LABELS, List.of("a", "b", "c"));
        PerLabelSample s = new PerLabelSample(5, 1);
        int[] kept = s.positions(LABELS, IDS);
        LabelledPoints sample = s.of(points, IDS);
        assertThat(sample.size()).isEqualTo(13);
        assertThat(sample.labelNames()).containsExactly("a", "b", "c");
        for (int j = 0; j < kept.length; j++) {
            assertThat(sample.point(j)).containsExactly(kept[j], -kept[j]);
            assertThat(sample.label(j)).isEqualTo(LABELS[kept[j]]);
        }
    }

    @Test
    void rejectsAnEmptyCapAndMismatchedIds() {
        assertThatThrownBy(() -> new PerLabelSample(0, 1)).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> new PerLabelSample(3, 1).positions(LABELS, new int[3]))
                .hasMessageContaining("1033 labels but 3 example ids");
    }
}
