package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelGeometry;
import java.util.List;

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
 * @param method how the set was analysed: {@value #DIRECTPROBE} (DirectProbe's clusters and their distances) or
 *     {@value #TRACKING} (the paper's per-checkpoint method, one cluster per label: {@code tracking} says more)
 * @param tracking what label tracking found; absent under {@value #DIRECTPROBE}
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
        @Nullable Sample sample,
        String method,
        @Nullable Tracking tracking) {

    /**
     * Version 2 added {@code sample}; version 3 holds the labels (id and name) with their values in {@code geometry},
     * where version 2 had maps keyed by the id's decimal text ({@link LegacySetGeometry}); version 4 added
     * {@code method} (version 3 was always {@value #DIRECTPROBE}), {@code tracking} and {@code geometry.undecided}
     * (read as 0 from version 3, which did not count undecided pairs).
     */
    public static final int SCHEMA_VERSION = 4;

    public static final String DIRECTPROBE = "directprobe";
    public static final String TRACKING = "tracking";

    /**
     * How label tracking analysed the set ({@link dev.ftprobe.geometry.LabelTracking}).
     *
     * @param conventions {@code original} or {@code strict} ({@link dev.ftprobe.geometry.TrackingConventions}): how the
     *     distances, minimum distances and labels were written
     * @param reclustered whether DirectProbe also clustered the set (a recluster checkpoint): then the cluster counts
     *     and {@code linear} are DirectProbe's, else one cluster per label and whether the labels' clusters separate
     * @param pairs the label pairs checked (clusters of more than 5 points, different labels)
     * @param undecided the pairs neither the certificates nor the LP decided (not counted as overlaps)
     * @param overlapping whether two labels' clusters overlap
     * @param leftOutLabels the labels whose points are at most 5: left out, their values undefined
     */
    public record Tracking(
            String conventions,
            boolean reclustered,
            int pairs,
            int undecided,
            boolean overlapping,
            List<String> leftOutLabels) {
        public Tracking {
            Fields.check(
                    "original".equals(conventions) || "strict".equals(conventions),
                    "tracking.conventions",
                    "must be original or strict, was " + conventions);
            Fields.check(pairs >= 0, "tracking.pairs", "must be >= 0, was " + pairs);
            Fields.check(
                    undecided >= 0 && undecided <= pairs,
                    "tracking.undecided",
                    "must be in [0, " + pairs + "], was " + undecided);
            leftOutLabels = Fields.list(leftOutLabels, "tracking.leftOutLabels");
        }
    }

    /** A DirectProbe geometry (no tracking). */
    public SetGeometry(
            String runId,
            long step,
            String probeTask,
            String split,
            int layer,
            int points,
            int dim,
            String inputSha256,
            GeometryResult geometry,
            Sample sample) {
        this(runId, step, probeTask, split, layer, points, dim, inputSha256, geometry, sample, DIRECTPROBE, null);
    }

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
        Fields.check(
                DIRECTPROBE.equals(method) || TRACKING.equals(method),
                "method",
                "must be " + DIRECTPROBE + " or " + TRACKING + ", was " + method);
        Fields.check(
                (tracking != null) == TRACKING.equals(method),
                "tracking",
                "must be present exactly when method is " + TRACKING);
        for (LabelGeometry l : geometry.labels()) {
            // a label without points (the full label set of ORIGINAL conventions) has no centroid
            if (l.centroid() != null) {
                Fields.check(
                        l.centroid().size() == dim,
                        "geometry.labels",
                        "label " + l.name() + " has a centroid of dimension "
                                + l.centroid().size() + ", not " + dim);
            }
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
