package dev.ftprobe.app.report;

import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.SetDynamics;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the analysis topics hold for one probe task of one run: the dynamics of every layer, steps ascending, and the
 * geometry of the figure split's sets (their centroids and label distances, for Figure 3).
 *
 * @param runId the run
 * @param probeTask the probe task
 * @param split the split the figures show: {@code train} when the dynamics have it, else their first split
 * @param dynamics per layer, one record per step, ascending
 * @param geometry per layer and step, the figure split's geometry
 * @param settings how the sets were analysed
 */
record ProbeResults(
        String runId,
        String probeTask,
        String split,
        NavigableMap<Integer, List<StepDynamics>> dynamics,
        NavigableMap<Integer, NavigableMap<Long, GeometryResult>> geometry,
        AnalysisSettings settings) {

    ProbeResults {
        dynamics = new TreeMap<>(dynamics);
        geometry = new TreeMap<>(geometry);
    }

    int lastLayer() {
        return dynamics.lastKey();
    }

    /** The layer's steps, ascending. */
    List<Long> steps(int layer) {
        return dynamics.get(layer).stream().map(StepDynamics::step).toList();
    }

    /** The figure split's dynamics of {@code layer} at its first or last step (null where the split is missing). */
    SetDynamics first(int layer) {
        return of(dynamics.get(layer).get(0), split);
    }

    SetDynamics last(int layer) {
        List<StepDynamics> steps = dynamics.get(layer);
        return of(steps.get(steps.size() - 1), split);
    }

    /** The dynamics of {@code split} at one step, null when the step has none for it. */
    static SetDynamics of(StepDynamics step, String split) {
        StepDynamics.SplitDynamics s = step.splits().get(split);
        return s == null ? null : s.dynamics();
    }

    /** The split the figures show, out of the splits some step's dynamics hold. */
    static String figureSplit(Map<Integer, List<StepDynamics>> dynamics) {
        TreeMap<String, Boolean> splits = new TreeMap<>();
        dynamics.values()
                .forEach(steps -> steps.forEach(d -> d.splits().keySet().forEach(s -> splits.put(s, true))));
        return splits.containsKey("train") ? "train" : splits.firstKey();
    }
}
