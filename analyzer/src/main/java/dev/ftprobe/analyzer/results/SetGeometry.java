package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The geometry of one set (run, step, probe task, split, layer): DirectProbe's clusters and the
 * distances between labels (METHOD.md §3-5). Published on {@code ftprobe.analysis.<id>.geometry},
 * keyed by the set key {@code run/step/probeTask/split/layer}; encoded as JSON with
 * {@link #SCHEMA_VERSION}.
 *
 * <p>Labels are the label ids present in the set, as decimal text, in the geometry core's order
 * (sorted as text: "0", "1", "10", "11", "2", ...); the distance vector follows that order (upper triangle, row by row: (l0,l1), (l0,l2), ..., (l1,l2), ...).
 * A label pair whose distance is undefined (every cluster of one side has at most 5 points) has a null
 * entry. Nothing here depends on when or where it was computed, so a replay gives the same bytes.
 *
 * @param runId the run
 * @param step the checkpoint step
 * @param probeTask the probe task
 * @param split the split
 * @param layer the layer
 * @param points the number of vectors analysed: the set's, or its sample's when {@code sample} is present
 * @param dim their dimension
 * @param inputSha256 sha256 of the assembled set (chunks in index order), to tell identical inputs apart
 * @param labels the label ids present, sorted as text
 * @param clusters the number of DirectProbe clusters
 * @param linear whether the set is linearly separable by label (clusters = labels)
 * @param labelClusters the number of clusters of each label
 * @param distanceVector label-pair distances in {@code labels} order, upper triangle; null where undefined
 * @param labelMinDistances each label's smallest distance to another label; absent where undefined
 * @param centroids each label's centroid (mean of its vectors)
 * @param sample the per-label sample analysed instead of the whole set; absent when the whole set was analysed
 */
public record SetGeometry(
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
        @Nullable Sample sample) {

    /** Version 2 added {@code sample}. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * The sample that was analysed ({@link dev.ftprobe.geometry.PerLabelSample}).
     *
     * @param maxPerLabel at most this many points of each label
     * @param seed the seed that chose them
     * @param setPoints the number of vectors in the whole set
     */
    public record Sample(int maxPerLabel, long seed, int setPoints) {
        public Sample {
            Fields.check(maxPerLabel >= 1, "sample.maxPerLabel", "must be >= 1, was " + maxPerLabel);
            Fields.check(setPoints >= 1, "sample.setPoints", "must be >= 1, was " + setPoints);
        }
    }

    public SetGeometry {
        Fields.id(runId, "runId");
        Fields.nonNegative(step, "step");
        Fields.id(probeTask, "probeTask");
        Fields.id(split, "split");
        Fields.nonNegative(layer, "layer");
        Fields.check(points >= 1, "points", "must be >= 1, was " + points);
        Fields.check(dim >= 1, "dim", "must be >= 1, was " + dim);
        Fields.sha256(inputSha256, "inputSha256");
        labels = Fields.list(labels, "labels");
        Fields.check(clusters >= labels.size(), "clusters",
                "must be at least the number of labels " + labels.size() + ", was " + clusters);
        labelClusters = Fields.sortedMap(labelClusters, "labelClusters");
        Fields.required(distanceVector, "distanceVector");
        int n = labels.size();
        Fields.check(distanceVector.size() == n * (n - 1) / 2, "distanceVector",
                "has " + distanceVector.size() + " entries for " + n + " labels, expected " + n * (n - 1) / 2);
        for (Double d : distanceVector) {
            Fields.check(d == null || Double.isFinite(d) && d >= 0, "distanceVector", "entry " + d + " is not >= 0");
        }
        distanceVector = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(distanceVector));
        labelMinDistances = Fields.sortedMap(labelMinDistances, "labelMinDistances");
        centroids = Fields.sortedMap(centroids, "centroids");
        if (sample != null) {
            Fields.check(points <= sample.setPoints(), "points",
                    "the sample has " + points + " points, more than the set's " + sample.setPoints());
        }
    }

    /** The set key, as on the embeddings topic. */
    public String setKey() {
        return SetId.of(this).key();
    }

    /** The distance between labels at positions i < j of {@link #labels}, null when undefined. */
    public Double distance(int i, int j) {
        int n = labels.size();
        if (i >= j || j >= n) {
            throw new IndexOutOfBoundsException("need i < j < " + n + ", got " + i + ", " + j);
        }
        return distanceVector.get(i * (2 * n - i - 1) / 2 + (j - i - 1));
    }
}
