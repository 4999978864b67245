package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import dev.ftprobe.events.codec.CodecException;
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

    LegacySetGeometry {
        labels = Fields.list(labels, "labels");
        labelClusters = Fields.sortedMap(labelClusters, "labelClusters");
        Fields.required(distanceVector, "distanceVector");
        // a label's minimum distance, a centroid and a distance may be null (undefined): only the maps are required
        Fields.required(labelMinDistances, "labelMinDistances");
        Fields.required(centroids, "centroids");
        centroids.forEach((label, c) -> {
            if (c != null) {
                Fields.list(c, "centroids[" + label + "]");
            }
        });
    }

    SetGeometry upgrade() {
        int n = labels.size();
        long pairs = (long) n * (n - 1) / 2;
        if (distanceVector.size() != pairs) {
            // checked first: it also bounds the pairs loop below by the size of the input
            throw new CodecException(
                    "distanceVector",
                    "has " + distanceVector.size() + " entries for " + n + " labels, expected " + pairs);
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = LegacyLabels.id(labels.get(i), "labels[" + i + "]");
        }
        Integer[] byId = new Integer[n];
        Arrays.setAll(byId, i -> i);
        Arrays.sort(byId, Comparator.comparingInt(i -> ids[i]));
        for (int k = 1; k < n; k++) {
            if (ids[byId[k]] == ids[byId[k - 1]]) {
                throw new CodecException("labels", "label " + ids[byId[k]] + " occurs twice");
            }
        }
        List<LabelGeometry> out = new ArrayList<>();
        for (int old : byId) {
            String text = labels.get(old);
            out.add(new LabelGeometry(
                    ids[old],
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
