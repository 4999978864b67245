package dev.ftprobe.app.report;

import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.SetDynamics;

/**
 * The paper's Table 5 for one (run, probe task, layer): how many labels' minimum distances grew and shrank from the
 * baseline (step 0) to the last step, and their mean change. Only labels with a minimum distance at both steps count;
 * an unchanged distance counts as neither.
 *
 * @param labels the labels with a change
 * @param grew those whose minimum distance grew
 * @param shrank those whose minimum distance shrank
 * @param meanChange the mean change over {@code labels}; null when there are none
 */
public record MinDistanceChanges(int labels, int grew, int shrank, Double meanChange) {

    /** From the last step's dynamics, whose changes are against the baseline. */
    public static MinDistanceChanges of(SetDynamics last) {
        int labels = 0;
        int grew = 0;
        int shrank = 0;
        double sum = 0;
        for (LabelDynamics l : last.labelDynamics()) {
            Double change = l.minDistanceChange();
            if (change == null) {
                continue;
            }
            labels++;
            sum += change;
            if (change > 0) {
                grew++;
            } else if (change < 0) {
                shrank++;
            }
        }
        return new MinDistanceChanges(labels, grew, shrank, labels == 0 ? null : sum / labels);
    }
}
