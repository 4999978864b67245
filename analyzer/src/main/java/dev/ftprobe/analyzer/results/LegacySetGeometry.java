package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Nullable;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link SetGeometry} as schema versions 1 and 2 wrote it: labels as the decimal text of their ids, sorted as text
 * ("10" before "2"), per-label values in maps keyed by that text. Read only, so that geometries retained by an older
 * build stay usable; {@link #upgrade()} orders the labels by id and names each by its id, since these versions carried
 * no names.
 */
record LegacySetGeometry(
        String runId,
        long step,
        String probeTask,
        String split,
        int layer,
        int points,
        int dim,
        String inputSha256,
        List<String> labels,
        int clusters,
        boolean linear,
        Map<String, Integer> labelClusters,
        List<Double> distanceVector,
        Map<String, Double> labelMinDistances,
        Map<String, List<Double>> centroids,
        @Nullable SetGeometry.Sample sample) {

    static final int SCHEMA_VERSION = 2;

    SetGeometry upgrade() {
        int n = labels.size();
        Integer[] byId = new Integer[n];
        Arrays.setAll(byId, i -> i);
        Arrays.sort(byId, Comparator.comparingInt(i -> Integer.parseInt(labels.get(i))));
        List<LabelGeometry> out = new ArrayList<>();
        for (int old : byId) {
            String text = labels.get(old);
            out.add(new LabelGeometry(
                    Integer.parseInt(text),
                    text,
                    labelClusters.getOrDefault(text, 0),
                    labelMinDistances.get(text),
                    centroids.get(text)));
        }
        List<Double> vector = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = Math.min(byId[i], byId[j]);
                int b = Math.max(byId[i], byId[j]);
                vector.add(distanceVector.get(a * (2 * n - a - 1) / 2 + (b - a - 1)));
            }
        }
        return new SetGeometry(
                runId,
                step,
                probeTask,
                split,
                layer,
                points,
                dim,
                inputSha256,
                new GeometryResult(out, clusters, linear, vector),
                sample);
    }
}
