package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import dev.ftprobe.geometry.LabelDynamics;
import dev.ftprobe.geometry.SetDynamics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link StepDynamics} as schema versions 1 and 2 wrote it: per-label values in maps keyed by the decimal text of the
 * label id. Read only; {@link #upgrade()} lists the labels by id, each named by its id, since these versions carried no
 * names.
 */
record LegacyStepDynamics(
        String runId,
        String probeTask,
        int layer,
        long step,
        long baselineStep,
        Map<String, Split> splits,
        @Nullable Double trainTestSimilarity,
        @Nullable String trainTestSimilarityUndefined) {

    static final int SCHEMA_VERSION = 2;

    LegacyStepDynamics {
        splits = Fields.sortedMap(splits, "splits");
    }

    /** A split as versions 1 and 2 wrote it. */
    record Split(
            int clusters,
            int labels,
            boolean linear,
            Map<String, Double> labelMinDistance,
            Map<String, Double> labelMinDistanceChange,
            @Nullable Double meanMinDistance,
            @Nullable Double similarityToBaseline,
            @Nullable String similarityToBaselineUndefined,
            Map<String, Double> centroidShift,
            Map<String, List<Double>> centroidMovement,
            @Nullable SetGeometry.Sample sample) {

        Split {
            // the values in them may be null (undefined), the maps may not
            Fields.required(labelMinDistance, "labelMinDistance");
            Fields.required(labelMinDistanceChange, "labelMinDistanceChange");
            Fields.required(centroidShift, "centroidShift");
            Fields.required(centroidMovement, "centroidMovement");
            centroidMovement.forEach((label, m) -> {
                if (m != null) {
                    Fields.list(m, "centroidMovement[" + label + "]");
                }
            });
        }

        StepDynamics.SplitDynamics upgrade(String name) {
            TreeSet<Integer> ids = new TreeSet<>();
            String where = "splits." + name + ".";
            addIds(ids, labelMinDistance, where + "labelMinDistance");
            addIds(ids, labelMinDistanceChange, where + "labelMinDistanceChange");
            addIds(ids, centroidShift, where + "centroidShift");
            addIds(ids, centroidMovement, where + "centroidMovement");
            List<LabelDynamics> out = new ArrayList<>();
            for (int id : ids) {
                String k = Integer.toString(id);
                out.add(new LabelDynamics(
                        id,
                        k,
                        labelMinDistance.get(k),
                        labelMinDistanceChange.get(k),
                        centroidShift.get(k),
                        centroidMovement.get(k)));
            }
            return new StepDynamics.SplitDynamics(
                    new SetDynamics(
                            clusters,
                            labels,
                            linear,
                            out,
                            meanMinDistance,
                            similarityToBaseline,
                            similarityToBaselineUndefined),
                    sample);
        }
    }

    private static void addIds(TreeSet<Integer> ids, Map<String, ?> byLabel, String field) {
        for (String k : byLabel.keySet()) {
            ids.add(LegacyLabels.id(k, field + " key"));
        }
    }

    StepDynamics upgrade() {
        Map<String, StepDynamics.SplitDynamics> out = new TreeMap<>();
        splits.forEach((name, s) -> out.put(name, s.upgrade(name)));
        return new StepDynamics(
                runId, probeTask, layer, step, baselineStep, out, trainTestSimilarity, trainTestSimilarityUndefined);
    }
}
