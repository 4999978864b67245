package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelGeometry;

/**
 * The geometry of one set (run, step, probe task, split, layer): the geometry core's {@link GeometryResult}
 * (DirectProbe's clusters and the distances between labels, METHOD.md §3-5) as it computed it, with what identifies the
 * set. Published on {@code ftprobe.analysis.<id>.geometry}, keyed by the set key
 * {@code run/step/probeTask/split/layer}; encoded as JSON with {@link #SCHEMA_VERSION}.
 *
 * <p>Labels are the labels present in the set, by id (ascending, the task's order) and name; the distance vector
 * follows that order. Undefined values are absent (null). Nothing here depends on when or where it was computed, so a
 * replay gives the same bytes.
 *
 * @param runId the run
 * @param step the checkpoint step
 * @param probeTask the probe task
 * @param split the split
 * @param layer the layer
 * @param points the number of vectors analysed: the set's, or its sample's when {@code sample} is present
 * @param dim their dimension
 * @param inputSha256 sha256 of the assembled set (chunks in index order), to tell identical inputs apart
 * @param geometry the set's clusters, labels and label distances
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
        GeometryResult geometry,
        @Nullable Sample sample) {

    /**
     * Version 2 added {@code sample}; version 3 holds the labels (id and name) with their values in {@code geometry},
     * where version 2 had maps keyed by the id's decimal text ({@link LegacySetGeometry}); version 4 added
     * {@code geometry.undecided} (read as 0 from version 3, which did not count undecided pairs).
     */
    public static final int SCHEMA_VERSION = 4;

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
        Fields.required(geometry, "geometry");
        for (LabelGeometry l : geometry.labels()) {
            Fields.check(
                    l.centroid() == null || l.centroid().size() == dim,
                    "geometry.labels",
                    "label " + l.name() + " has a centroid of dimension "
                            + l.centroid().size() + ", not " + dim);
        }
        if (sample != null) {
            Fields.check(
                    points <= sample.setPoints(),
                    "points",
                    "the sample has " + points + " points, more than the set's " + sample.setPoints());
        }
    }

    /** The set key, as on the embeddings topic. */
    public String setKey() {
        return SetId.of(this).key();
    }

    /** What this set is, for messages: "train at step 20". */
    public String describe() {
        return split + " at step " + step;
    }
}
