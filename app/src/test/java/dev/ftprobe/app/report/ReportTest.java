package dev.ftprobe.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepProbe;
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
 * The report of a crafted cross-task run whose numbers are known: a model fine-tuned on POS, probed on PS-fxn (four
 * labels) and on POS itself (three), layers 0 to 2, steps 0, 5 and 10; the classifier probe ran on PS-fxn's last layer
 * at the first and the last step.
 */
class ReportTest {
    private static final List<String> LABELS = List.of("p.Agent", "p.Theme", "p.Goal", "p.Locus");
    private static final long[] STEPS = {0, 5, 10};
    /** PS-fxn's last layer's minimum distances at steps 0, 5, 10: changes +0.5, -1, 0, +1 from step 0. */
    private static final double[][] MIN_DISTANCE = {{1, 2, 3, 4}, {1.2, 1.5, 3, 4.5}, {1.5, 1, 3, 5}};

    private static final List<String> POS_LABELS = List.of("DET", "NOUN", "VERB");
    /** POS's last layer: changes -0.5, +2, +1 from step 0 (layers below, at half the scale: -0.25, +1, +0.5). */
    private static final double[][] POS_MIN_DISTANCE = {{1, 1, 2}, {1, 2, 2.5}, {0.5, 3, 3}};

    @TempDir
    Path tmp;

    @Test
    void table5CountsTheLabelsWhoseMinimumDistanceGrewAndShrank() {
        MinDistanceChanges c = MinDistanceChanges.of(dynamics(LABELS, MIN_DISTANCE, 2, 2, 1.0));
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
        // Table 5, one row per probe task and layer, the probe's accuracy beside the last layer of PS-fxn.
        // PS-fxn, last layer: 4 labels, 2 grew, 1 shrank, mean +0.125; the layers below, at half the scale, the same
        // counts and half the mean
        assertThat(html)
                .contains(
                        "<tr><td>pos</td><td>ps-fxn</td><td>cross</td><td>2</td><td>4</td><td>2</td><td>1</td>"
                                + "<td>+0.1250</td><td>0.5000 → 0.7500</td></tr>",
                        "<tr><td>pos</td><td>ps-fxn</td><td>cross</td><td>1</td><td>4</td><td>2</td><td>1</td>"
                                + "<td>+0.0625</td><td>– → –</td></tr>");
        // POS, last layer: 3 labels, 2 grew, 1 shrank, mean (-0.5 + 2 + 1) / 3; not probed
        assertThat(html)
                .contains(
                        "<tr><td>pos</td><td>pos</td><td>cross</td><td>2</td><td>3</td><td>2</td><td>1</td>"
                                + "<td>+0.8333</td><td>– → –</td></tr>",
                        "<tr><td>pos</td><td>pos</td><td>cross</td><td>0</td><td>3</td><td>2</td><td>1</td>"
                                + "<td>+0.4167</td><td>– → –</td></tr>");
        // each probe task has its section, tables and figures
        assertThat(html)
                .contains(
                        "<h3>Probe task ps-fxn (fine-tuned on pos)</h3>",
                        "<h3>Probe task pos (fine-tuned " + "on pos)</h3>");
        for (String f : List.of("fig2", "fig3", "fig4", "fig5")) {
            assertThat(tmp.resolve("figures").resolve("cross-pos-" + f + ".svg"))
                    .exists();
        }
        assertThat(Files.readString(tmp.resolve("figures/cross-pos-fig2.svg")))
                .contains(">NOUN (+2.000)<", ">VERB (+1.000)<", ">DET (-0.500)<");
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
                .containsExactly(
                        "cross-pos-fig4: no similarity is defined (the baseline is not linear)",
                        "cross-ps-fxn-fig4: no similarity is defined (the baseline is not linear)");
        String html = Files.readString(report.write(tmp));
        assertThat(html).contains("not drawn, no similarity is defined");
        assertThat(tmp.resolve("figures/cross-ps-fxn-fig4.svg")).doesNotExist();
    }

    @Test
    void theClosestLabelsAreTheTripleWithTheSmallestPairwiseDistances() {
        assertThat(PcaFigures.closestLabels(geometry(LABELS, 0, 0))).containsExactly("p.Agent", "p.Theme", "p.Goal");
    }

    private static RunResults run(boolean similarityDefined) {
        AnalysisSettings settings =
                new AnalysisSettings("crafted", "tracking", "original", null, List.of("test", "train"));
        // as the reader gives them: probe tasks in name order
        return new RunResults(
                "cross",
                manifest(),
                List.of(
                        probe("pos", POS_LABELS, POS_MIN_DISTANCE, similarityDefined, false, settings),
                        probe("ps-fxn", LABELS, MIN_DISTANCE, similarityDefined, true, settings)));
    }

    /** One probe task's crafted results; {@code probed}: the last layer has the probe at its first and last step. */
    private static ProbeResults probe(
            String task,
            List<String> labels,
            double[][] minDistance,
            boolean similarityDefined,
            boolean probed,
            AnalysisSettings settings) {
        NavigableMap<Integer, List<StepDynamics>> dynamics = new TreeMap<>();
        NavigableMap<Integer, NavigableMap<Long, GeometryResult>> geometry = new TreeMap<>();
        for (int layer = 0; layer <= 2; layer++) {
            List<StepDynamics> steps = new ArrayList<>();
            geometry.put(layer, new TreeMap<>());
            for (int k = 0; k < STEPS.length; k++) {
                Double similarity = similarityDefined ? 1.0 - 0.1 * k : null;
                SetDynamics train = dynamics(labels, minDistance, layer, k, similarity);
                Map<String, StepDynamics.SplitDynamics> splits = Map.of(
                        "train", new StepDynamics.SplitDynamics(train, null),
                        "test", new StepDynamics.SplitDynamics(train, null));
                StepProbe p = probed && layer == 2 && k != 1 ? stepProbe(k == 0 ? 0.5 : 0.75) : null;
                steps.add(new StepDynamics("cross", task, layer, STEPS[k], 0, splits, 0.9 - 0.1 * k, null, p));
                geometry.get(layer).put(STEPS[k], geometry(labels, layer, k));
            }
            dynamics.put(layer, steps);
        }
        return new ProbeResults("cross", task, "train", dynamics, geometry, settings);
    }

    private static StepProbe stepProbe(double accuracy) {
        return new StepProbe("small", List.of(64, 64), 1e-4, accuracy, 0.0, List.of(accuracy), accuracy, 4, Map.of());
    }

    /** Layer {@code layer} at step index {@code k}: the last layer's minimum distances, others at half the scale. */
    private static SetDynamics dynamics(
            List<String> names, double[][] minDistance, int layer, int k, Double similarity) {
        List<LabelDynamics> labels = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double scale = layer == 2 ? 1 : 0.5;
            double now = scale * minDistance[k][i];
            double change = now - scale * minDistance[0][i];
            List<Double> movement = List.of(0.1 * k * (i + 1), 0.05 * k * (layer + 1), -0.02 * k * i);
            double shift = Math.sqrt(movement.stream().mapToDouble(v -> v * v).sum());
            labels.add(new LabelDynamics(i, names.get(i), now, change, shift, movement));
        }
        double mean = labels.stream()
                .mapToDouble(LabelDynamics::minDistance)
                .average()
                .orElseThrow();
        return new SetDynamics(
                names.size(),
                names.size(),
                true,
                labels,
                mean,
                similarity,
                similarity == null ? "the baseline is not linear" : null);
    }

    /** Labels 0, 1, 2 are 1 apart, label 3 is far; centroids drift with the step. */
    private static GeometryResult geometry(List<String> names, int layer, int k) {
        List<LabelGeometry> labels = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<Double> centroid = List.of(i + 0.3 * k, layer + 0.1 * k * i, i == 3 ? 5.0 : 0.2 * k);
            labels.add(new LabelGeometry(i, names.get(i), 1, 1.0, centroid));
        }
        // the pairwise distances in pair order: (0,1), (0,2), (0,3), (1,2), (1,3), (2,3)
        List<Double> distances = names.size() == 4 ? List.of(1.0, 1.0, 4.0, 1.0, 5.0, 6.0) : List.of(1.0, 1.0, 1.0);
        return new GeometryResult(labels, names.size(), true, distances);
    }

    private static RunManifest manifest() {
        TrainingSettings training = new TrainingSettings(
                10, 0, 3e-4, 32, 0.1, 3, 32, 4, 128, 4, "adam(0.9,0.999,1e-8)", "linear-warmup-decay", "model");
        return new RunManifest(
                "cross",
                "random:tiny",
                "pos",
                List.of("pos", "ps-fxn"),
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
