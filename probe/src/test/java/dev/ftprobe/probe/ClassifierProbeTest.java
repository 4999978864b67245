package dev.ftprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ClassifierProbeTest {
    private static final ProbeGrid TINY =
            new ProbeGrid("tiny", List.of(new MlpShape(16, 16), new MlpShape(32, 16)), List.of(1e-4, 1.0));

    @Test
    void gridSearchThenFiveSeedsOnSeparableBlobs() {
        LabelledPoints train = Synthetic.blobs(3, 40, 6, 11);
        LabelledPoints test = Synthetic.blobs(3, 20, 6, 12);
        ProbeResult r = ClassifierProbe.of(TINY, 5).run(train, test);
        assertThat(r.grid()).hasSize(4);
        assertThat(r.grid().get(0).setting()).isEqualTo(new ProbeResult.Setting(new MlpShape(16, 16), 1e-4));
        assertThat(r.grid().get(3).setting()).isEqualTo(new ProbeResult.Setting(new MlpShape(32, 16), 1.0));
        double bestDev = r.grid().stream()
                .mapToDouble(ProbeResult.GridPoint::devAccuracy)
                .max()
                .orElseThrow();
        ProbeResult.GridPoint first = r.grid().stream()
                .filter(p -> p.devAccuracy() == bestDev)
                .findFirst()
                .orElseThrow();
        assertThat(r.best()).isEqualTo(first.setting());
        assertThat(r.testAccuracies()).hasSize(5).allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(0.95));
        assertThat(r.meanTestAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.stdTestAccuracy()).isBetween(0.0, 0.05);
        assertThat(r.unseenTestLabels()).isEmpty();
        assertThat(r.seconds()).isPositive();
    }

    @Test
    void overlappingLabelsScoreNearChanceAndTheSeedReproducesEveryDigitOnAnyThreads() {
        // two labels drawn from the same Gaussian: nothing to learn, so about half right
        Random random = new Random(3);
        double[] data = new double[240 * 4];
        int[] labels = new int[240];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
            for (int k = 0; k < 4; k++) {
                data[i * 4 + k] = random.nextGaussian();
            }
        }
        LabelledPoints all = LabelledPoints.of(data, 4, labels, List.of("a", "b"));
        LabelledPoints train = all.subset(range(0, 160));
        LabelledPoints test = all.subset(range(160, 240));
        ProbeGrid grid = new ProbeGrid(
                "three", List.of(new MlpShape(8, 8), new MlpShape(16, 8), new MlpShape(8, 16)), List.of(1e-2, 1.0));
        MlpOptions options = MlpOptions.sklearn().withMaxIter(50);
        ProbeResult r = new ClassifierProbe(grid, options, 9, 0.25, 3, 1).run(train, test);
        assertThat(r.meanTestAccuracy()).isBetween(0.3, 0.7);
        // on three worker threads instead of one: the same numbers
        ProbeResult again = new ClassifierProbe(grid, options, 9, 0.25, 3, 3).run(train, test);
        assertThat(again.testAccuracies()).isEqualTo(r.testAccuracies());
        assertThat(again.grid()).isEqualTo(r.grid());
    }

    @Test
    void testLabelsTrainLacksAreReportedAndScoredAsErrors() {
        LabelledPoints blobs = Synthetic.blobs(3, 30, 6, 13);
        int[] trainRows =
                IntStream.range(0, 90).filter(i -> blobs.label(i) != 2).toArray();
        LabelledPoints train = blobs.subset(trainRows);
        LabelledPoints test = Synthetic.blobs(3, 10, 6, 14); // a third of it label L2
        ProbeGrid grid = new ProbeGrid("one", List.of(new MlpShape(16, 16)), List.of(1e-4));
        ProbeResult r = new ClassifierProbe(grid, MlpOptions.sklearn(), 1, 0.2, 2, 2).run(train, test);
        assertThat(r.unseenTestLabels()).containsExactly(Map.entry("L2", 10));
        assertThat(r.testAccuracies()).allSatisfy(a -> assertThat(a).isCloseTo(2.0 / 3, within()));
    }

    private static Offset<Double> within() {
        return Offset.offset(1e-9);
    }

    @Test
    void oneLabelIsRefused() {
        LabelledPoints blobs = Synthetic.blobs(2, 20, 3, 15);
        int[] zeros = IntStream.range(0, 40).filter(i -> blobs.label(i) == 0).toArray();
        LabelledPoints one = blobs.subset(zeros);
        assertThatThrownBy(() -> ClassifierProbe.of(ProbeGrid.small(), 1).run(one, blobs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train has 1 label (L0)");
    }

    @Test
    void valuesAFloatCannotHoldAreRefusedNamingTheSet() {
        LabelledPoints train = LabelledPoints.of(new double[] {0, 1, 1e39, 2}, 2, new int[] {0, 1}, List.of("a", "b"));
        assertThatThrownBy(() -> ProbeSet.of("test", train, new int[] {0, 1}))
                .hasMessageContaining("test set: point 2 value 1");
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }
}
