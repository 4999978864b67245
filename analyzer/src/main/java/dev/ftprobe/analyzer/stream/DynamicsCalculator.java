package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SeriesId;
import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.analyzer.results.StepDynamics;
import dev.ftprobe.analyzer.results.StepDynamics.SplitDynamics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes one step's {@link StepDynamics} from the geometries of that step's train and test sets and
 * of the baseline step's (METHOD.md §4-5). Pure; iterates in label order so that sums, and therefore
 * the output bytes, do not depend on map order.
 */
final class DynamicsCalculator {
    private DynamicsCalculator() {}

    /**
     * @param now the geometry of each split at {@code step} (train and test)
     * @param baseline the geometry of each split at the baseline step
     */
    static StepDynamics compute(SeriesId series, long step, long baselineStep, String train, String test,
            Map<String, SetGeometry> now, Map<String, SetGeometry> baseline) {
        Map<String, SplitDynamics> splits = new TreeMap<>();
        for (String split : List.of(train, test)) {
            splits.put(split, split(now.get(split), baseline.get(split)));
        }
        Similarity.Result tt = Similarity.between(now.get(train), now.get(test));
        return new StepDynamics(series.runId(), series.probeTask(), series.layer(), step, baselineStep, splits,
                tt.value(), tt.undefined());
    }

    static SplitDynamics split(SetGeometry g, SetGeometry base) {
        if (!sampling(g).equals(sampling(base))) {
            // an analyzer restarted under the same analysis id with another --sample-per-label: its steps
            // would be compared with a baseline of other examples
            throw new IllegalArgumentException(g.split() + " at step " + g.step() + " was analysed on " + sampling(g)
                    + " but the baseline on " + sampling(base) + "; analyse with other settings under a new analysis id");
        }
        Map<String, Double> min = new TreeMap<>(g.labelMinDistances());
        Map<String, Double> change = new TreeMap<>();
        double sum = 0;
        for (Map.Entry<String, Double> e : min.entrySet()) {
            sum += e.getValue();
            Double b = base.labelMinDistances().get(e.getKey());
            if (b != null) {
                change.put(e.getKey(), e.getValue() - b);
            }
        }
        Double mean = min.isEmpty() ? null : sum / min.size();
        Map<String, Double> shift = new TreeMap<>();
        Map<String, List<Double>> movement = new TreeMap<>();
        for (Map.Entry<String, List<Double>> e : new TreeMap<>(g.centroids()).entrySet()) {
            List<Double> b = base.centroids().get(e.getKey());
            if (b == null) {
                continue;
            }
            List<Double> c = e.getValue();
            if (b.size() != c.size()) {
                throw new IllegalArgumentException("label " + e.getKey() + ": centroid of dimension " + c.size()
                        + " at step " + g.step() + " but " + b.size() + " at the baseline");
            }
            List<Double> d = new ArrayList<>(c.size());
            double sq = 0;
            for (int k = 0; k < c.size(); k++) {
                double v = c.get(k) - b.get(k);
                d.add(v);
                sq += v * v;
            }
            movement.put(e.getKey(), d);
            shift.put(e.getKey(), Math.sqrt(sq));
        }
        Similarity.Result s = Similarity.between(g, base);
        return new SplitDynamics(g.clusters(), g.labels().size(), g.linear(), min, change, mean, s.value(),
                s.undefined(), shift, movement, g.sample());
    }

    private static String sampling(SetGeometry g) {
        return g.sample() == null ? "every point"
                : "a sample of at most " + g.sample().maxPerLabel() + " points per label (seed " + g.sample().seed() + ")";
    }
}
