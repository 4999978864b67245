package dev.ftprobe.analyzer.stream;

import dev.ftprobe.geometry.LabelledPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An assembled set as the geometry core's points: label {@code l} of {@link #points()} is the task's label
 * {@code ids()[l]}; the labels present in the set, in ascending id order, so that the core's label order is the task's.
 */
record SetPoints(LabelledPoints points, int[] ids) {

    static SetPoints of(AssembledSet set) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int l : set.labelIds()) {
            present.add(l);
        }
        int max = present.last();
        int[] dense = new int[max + 1];
        int[] ids = new int[present.size()];
        List<String> names = new ArrayList<>();
        for (int l : present) {
            dense[l] = names.size();
            ids[names.size()] = l;
            names.add(set.labelName(l));
        }
        int[] labels = new int[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = dense[set.labelIds()[i]];
        }
        double[] data = new double[set.vectors().length];
        for (int i = 0; i < data.length; i++) {
            data[i] = set.vectors()[i];
        }
        try {
            return new SetPoints(LabelledPoints.of(data, set.dim(), labels, names), ids);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetException("set " + set.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The same points over the task's full label set (every label the chunks name, ids 0 to n - 1, and any present
     * label beyond them), as the original's conventions write them; these points when the chunks name no labels.
     */
    SetPoints withFullLabelSet(AssembledSet set) {
        int n = Math.max(set.labelNames().size(), ids[ids.length - 1] + 1);
        if (set.labelNames().isEmpty() || n == ids.length) {
            return this;
        }
        List<String> names = new ArrayList<>();
        int[] all = new int[n];
        for (int l = 0; l < n; l++) {
            names.add(set.labelName(l));
            all[l] = l;
        }
        int d = points.dimension();
        double[] data = new double[points.size() * d];
        int[] labels = new int[points.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ids[points.label(i)];
            for (int k = 0; k < d; k++) {
                data[i * d + k] = points.get(i, k);
            }
        }
        try {
            return new SetPoints(LabelledPoints.of(data, d, labels, names), all);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetException("set " + set.id() + ": " + e.getMessage(), e);
        }
    }
}
