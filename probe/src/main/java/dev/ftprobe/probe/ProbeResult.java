package dev.ftprobe.probe;

import java.util.List;
import java.util.Map;

/**
 * What the classifier probe found on one set.
 *
 * @param best the setting the grid search chose
 * @param testAccuracies the best setting's test accuracy (0..1) for each of the final runs, in seed order
 * @param grid every setting tried, in grid order, with its accuracy on the held-out part of train
 * @param unseenTestLabels test labels that train lacks, with their number of test points (all scored as errors)
 * @param seconds the wall time of the grid search and the final runs
 */
public record ProbeResult(
        Setting best,
        List<Double> testAccuracies,
        List<GridPoint> grid,
        Map<String, Integer> unseenTestLabels,
        double seconds) {
    public ProbeResult {
        testAccuracies = List.copyOf(testAccuracies);
        grid = List.copyOf(grid);
        unseenTestLabels = Map.copyOf(unseenTestLabels);
    }

    /** A point of the grid. */
    public record Setting(MlpShape shape, double alpha) {}

    /** A setting and its accuracy on the held-out part of train. */
    public record GridPoint(Setting setting, double devAccuracy) {}

    /** The mean of the final runs' test accuracies. */
    public double meanTestAccuracy() {
        return testAccuracies.stream().mapToDouble(Double::doubleValue).sum() / testAccuracies.size();
    }

    /** Their population standard deviation (numpy's {@code std}, ddof 0). */
    public double stdTestAccuracy() {
        double mean = meanTestAccuracy();
        double s = 0;
        for (double a : testAccuracies) {
            s += (a - mean) * (a - mean);
        }
        return Math.sqrt(s / testAccuracies.size());
    }
}
