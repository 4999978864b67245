package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import java.util.List;
import java.util.Map;

/**
 * What the two probes of METHOD §6 found at one step of a series, trained on its train split and scored on its test
 * split: the classifier probe (the MLP grid, then the best setting's runs) and DirectProbe's own accuracy (each test
 * point takes the label of the nearest train cluster by point-to-hull distance). Accuracies in 0..1.
 *
 * @param grid the grid searched, as {@code --probe-grid} names it: {@code paper}, {@code small} or a grid of one's own
 *     such as {@code 256x128,64x64/1e-4,1e-2}
 * @param hidden the best setting's hidden sizes (h1, h2)
 * @param alpha the best setting's L2 weight
 * @param mlpMean the mean test accuracy of the best setting's runs
 * @param mlpStd their population standard deviation
 * @param mlpRuns each run's test accuracy, in seed order
 * @param directProbeAccuracy DirectProbe's test accuracy
 * @param trainClusters DirectProbe's clusters of train that predicted it
 * @param unseenTestLabels test labels train lacks, with their number of test points (scored as errors by both)
 */
public record StepProbe(
        String grid,
        List<Integer> hidden,
        double alpha,
        double mlpMean,
        double mlpStd,
        List<Double> mlpRuns,
        double directProbeAccuracy,
        int trainClusters,
        Map<String, Integer> unseenTestLabels) {
    public StepProbe {
        Fields.text(grid, "probe.grid");
        Fields.check(grid.length() <= 256, "probe.grid", "must be at most 256 characters, has " + grid.length());
        hidden = Fields.list(hidden, "probe.hidden");
        Fields.check(hidden.size() == 2, "probe.hidden", "must hold two sizes, has " + hidden.size());
        mlpRuns = Fields.list(mlpRuns, "probe.mlpRuns");
        Fields.check(!mlpRuns.isEmpty(), "probe.mlpRuns", "must not be empty");
        for (double a : mlpRuns) {
            Fields.check(a >= 0 && a <= 1, "probe.mlpRuns", "must be in [0, 1], has " + a);
        }
        Fields.check(mlpMean >= 0 && mlpMean <= 1, "probe.mlpMean", "must be in [0, 1], was " + mlpMean);
        Fields.check(
                directProbeAccuracy >= 0 && directProbeAccuracy <= 1,
                "probe.directProbeAccuracy",
                "must be in [0, 1], was " + directProbeAccuracy);
        unseenTestLabels = Fields.sortedMap(unseenTestLabels, "probe.unseenTestLabels");
    }
}
