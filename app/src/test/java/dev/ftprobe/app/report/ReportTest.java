package dev.ftprobe.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.TaskSettings;
import dev.ftprobe.events.TrainingSettings;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.LabelGeometry;
import dev.ftprobe.geometry.SetDynamics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a crafted cross-task run whose numbers are known: PS-fxn probed on a model fine-tuned on POS, layers 0
 * to 2, steps 0, 5 and 10, four labels.
 */
class ReportTest {
    private static final List<String> LABELS = List.of("p.Agent", "p.Theme", "p.Goal", "p.Locus");
    private static final long[] STEPS = {0, 5, 10};
    /** The last layer's minimum distances at steps 0, 5, 10: changes +0.5, -1, 0, +1 from step 0. */
    private static final double[][] MIN_DISTANCE = {{1, 2, 3, 4}, {1.2, 1.5, 3, 4.5}, {1.5, 1, 3, 5}};

    @TempDir
    Path tmp;

    @Test
    void table5CountsTheLabelsWhoseMinimumDistanceGrewAndShrank() {
        MinDistanceChanges c = MinDistanceChanges.of(dynamics(2, 2, 1.0));
        // +0.5 and +1 grew, -1 shrank, 0 neither; the mean is over all four
        assertThat(c).isEqualTo(new MinDistanceChanges(4, 2, 1, 0.125));
        // labels without a change (not at both steps) are not counted
        SetDynamics partial = new SetDynamics(
                2,
                2,
                true,
                List.of(
                        new LabelDynamics(0, "a", 1.0, null, null, null),
                        new LabelDynamics(1, "b", 1.0, -0.25, null, null)),
                1.0,
                null,
                "not linear");
        assertThat(MinDistanceChanges.of(partial)).isEqualTo(new MinDistanceChanges(1, 0, 1, -0.25));
    }

    @Test
    void theReportShowsTheCraftedRunsTablesAndFigures() throws Exception {
        Report report = Report.of(List.of(run(true)), "crafted");
        Path page = report.write(tmp);
        String html = Files.readString(page);
        // Table 5, last layer: 4 labels, 2 grew, 1 shrank, mean +0.125
        assertThat(html)
                .contains("<tr><td>pos</td><td>ps-fxn</td><td>cross</td><td>2</td><td>4</td><td>2</td><td>1</td>"
                        + "<td>+0.1250</td></tr>");
        // the layer table: clusters and train-vs-test similarity, first -> last
        assertThat(html).contains("<td>0 → 10</td>", "<td>4 → 4</td>", "<td>0.9000 → 0.7000</td>");
        assertThat(html)
                .contains("random:tiny", "fine-tuning task", "ab".repeat(32), "tracking (original conventions)");
        assertThat(report.missingFigures()).isEmpty();
        for (String f : List.of("fig2", "fig3", "fig4", "fig5")) {
            assertThat(tmp.resolve("figures").resolve("cross-ps-fxn-" + f + ".svg"))
                    .exists();
        }
        String fig2 = Files.readString(tmp.resolve("figures/cross-ps-fxn-fig2.svg"));
        // four labels: the three that grow most and the three that grow least are all of them, named with the change
        assertThat(fig2)
                .contains(">p.Locus (+1.000)<", ">p.Agent (+0.500)<", ">p.Goal (+0.000)<", ">p.Theme (-1.000)<");
        String fig3 = Files.readString(tmp.resolve("figures/cross-ps-fxn-fig3.svg"));
        // the three closest labels at step 0 of the last layer; layer 1 and the last layer
        assertThat(fig3).contains(">p.Agent<", ">p.Theme<", ">p.Goal<", ">layer 1<", ">layer 2<");
        assertThat(fig3).doesNotContain(">p.Locus<");
        String fig4 = Files.readString(tmp.resolve("figures/cross-ps-fxn-fig4.svg"));
        // every other layer from the last: 2 and 0
        assertThat(fig4).contains(">layer 2<", ">layer 0<").doesNotContain(">layer 1<");
        String fig5 = Files.readString(tmp.resolve("figures/cross-ps-fxn-fig5.svg"));
        assertThat(fig5).contains(">layer 0<", ">layer 1<", ">layer 2<", ">p.Locus<");
    }

    @Test
    void aFigureWithoutDefinedValuesSaysWhyInsteadOfAnEmptyPlot() throws Exception {
        Report report = Report.of(List.of(run(false)), "crafted");
        assertThat(report.missingFigures())
                .containsExactly("cross-ps-fxn-fig4: no similarity is defined (the baseline is not linear)");
        String html = Files.readString(report.write(tmp));
        assertThat(html).contains("not drawn, no similarity is defined");
        assertThat(tmp.resolve("figures/cross-ps-fxn-fig4.svg")).doesNotExist();
    }

    @Test
    void theClosestLabelsAreTheTripleWithTheSmallestPairwiseDistances() {
        assertThat(PcaFigures.closestLabels(geometry(0, 0))).containsExactly("p.Agent", "p.Theme", "p.Goal");
    }

    private static RunResults run(boolean similarityDefined) {
        NavigableMap<Integer, List<StepDynamics>> dynamics = new TreeMap<>();
        NavigableMap<Integer, NavigableMap<Long, GeometryResult>> geometry = new TreeMap<>();
        for (int layer = 0; layer <= 2; layer++) {
            List<StepDynamics> steps = new ArrayList<>();
            geometry.put(layer, new TreeMap<>());
            for (int k = 0; k < STEPS.length; k++) {
                Double similarity = similarityDefined ? 1.0 - 0.1 * k : null;
                SetDynamics train = dynamics(layer, k, similarity);
                Map<String, StepDynamics.SplitDynamics> splits = Map.of(
                        "train", new StepDynamics.SplitDynamics(train, null),
                        "test", new StepDynamics.SplitDynamics(train, null));
                steps.add(new StepDynamics("cross", "ps-fxn", layer, STEPS[k], 0, splits, 0.9 - 0.1 * k, null));
                geometry.get(layer).put(STEPS[k], geometry(layer, k));
            }
            dynamics.put(layer, steps);
        }
        AnalysisSettings settings =
                new AnalysisSettings("crafted", "tracking", "original", null, List.of("test", "train"));
        ProbeResults probe = new ProbeResults("cross", "ps-fxn", "train", dynamics, geometry, settings);
        return new RunResults("cross", manifest(), List.of(probe));
    }

    /** Layer {@code layer} at step index {@code k}: the last layer's minimum distances, others a little smaller. */
    private static SetDynamics dynamics(int layer, int k, Double similarity) {
        List<LabelDynamics> labels = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            double scale = layer == 2 ? 1 : 0.5;
            double now = scale * MIN_DISTANCE[k][i];
            double change = now - scale * MIN_DISTANCE[0][i];
            List<Double> movement = List.of(0.1 * k * (i + 1), 0.05 * k * (layer + 1), -0.02 * k * i);
            double shift = Math.sqrt(movement.stream().mapToDouble(v -> v * v).sum());
            labels.add(new LabelDynamics(i, LABELS.get(i), now, change, shift, movement));
        }
        double mean = labels.stream()
                .mapToDouble(LabelDynamics::minDistance)
                .average()
                .orElseThrow();
        return new SetDynamics(
                4, 4, true, labels, mean, similarity, similarity == null ? "the baseline is not linear" : null);
    }

    /** Labels 0, 1, 2 are 1 apart, label 3 is far; centroids drift with the step. */
    private static GeometryResult geometry(int layer, int k) {
        List<LabelGeometry> labels = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            List<Double> centroid = List.of(i + 0.3 * k, layer + 0.1 * k * i, i == 3 ? 5.0 : 0.2 * k);
            labels.add(new LabelGeometry(i, LABELS.get(i), 1, 1.0, centroid));
        }
        return new GeometryResult(labels, 4, true, List.of(1.0, 1.0, 4.0, 1.0, 5.0, 6.0));
    }

    private static RunManifest manifest() {
        TrainingSettings training = new TrainingSettings(
                10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", "model");
        return new RunManifest(
                "cross",
                "random:tiny",
                "pos",
                List.of("ps-fxn"),
                training,
                new TaskSettings(0.8, 42, List.of("P")),
                42L,
                "ab".repeat(32),
                List.of(0, 1, 2),
                Map.of("train", 50, "test", 21),
                "0.1.0",
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
