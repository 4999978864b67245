package dev.ftprobe.analyzer.stream;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A step's train and test sets as the probes take them: every point of each set (not the geometry's per-label sample:
 * the probes score the whole test split, as the paper's Table 7 does), over one label set, the label ids present in
 * either set in ascending id order, so that a test label train lacks stays a label of its own (scored as an error).
 */
record ProbePoints(LabelledPoints train, LabelledPoints test) {

    /** @throws InvalidSetException when a vector is not finite (naming the set) */
    static ProbePoints of(AssembledSet train, AssembledSet test) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int l : train.labelIds()) {
            present.add(l);
        }
        for (int l : test.labelIds()) {
            present.add(l);
        }
        int[] dense = new int[present.last() + 1];
        List<String> names = new ArrayList<>();
        for (int l : present) {
            dense[l] = names.size();
            names.add(train.labelName(l));
        }
        return new ProbePoints(points(train, dense, names), points(test, dense, names));
    }

    private static LabelledPoints points(AssembledSet set, int[] dense, List<String> names) {
        int[] labels = new int[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = dense[set.labelIds()[i]];
        }
        float[] v = set.vectors();
        double[] data = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            data[i] = v[i];
        }
        try {
            return LabelledPoints.of(data, set.dim(), labels, names);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetException("set " + set.id() + ": " + e.getMessage(), e);
        }
    }
}
