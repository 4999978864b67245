package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.geometry.GeometryAnalysis;
import dev.ftprobe.geometry.GeometryResult;
import dev.ftprobe.geometry.LabelTracking;
import dev.ftprobe.geometry.LabelledPoints;
import dev.ftprobe.geometry.PairCertifier;
import dev.ftprobe.geometry.PerLabelSample;
import dev.ftprobe.geometry.TrackedPartition;
import dev.ftprobe.geometry.TrackingConventions;
import dev.ftprobe.geometry.TrackingResult;
import java.util.Map;
import java.util.Objects;

/**
 * The production {@link SetAnalysis}. Under {@link TrackingMode#CLUSTERS}: the geometry core's DirectProbe, label
 * distances and centroids ({@link GeometryAnalysis}) of every set. Under {@link TrackingMode#LABELS} (the default): the
 * paper's per-checkpoint method ({@link LabelTracking}, one cluster per label, warm-started from the previous step's
 * supports), and DirectProbe's clustering too at the recluster checkpoints (step 0, the run's last step, every K-th) so
 * that the cluster counts of the first and the last checkpoint are DirectProbe's; the distances are the tracking's at
 * every checkpoint, so that the dynamics compare like with like.
 *
 * <p>Labels are the label ids present in the set, in ascending id order (under ORIGINAL conventions: every label the
 * task names), named by the task's label names the chunks carry. Timings stay out of the event, so that a replay gives
 * the same bytes.
 */
public final class GeometrySetAnalysis implements SetAnalysis {
    /** The paper's choice: DirectProbe only at the first and the last checkpoint (Table 3's cluster counts). */
    public static final int DEFAULT_RECLUSTER_EVERY = 0;

    private final GeometryAnalysis geometry;
    private final LabelTracking tracking;
    private final PerLabelSample sample;
    private final TrackingMode mode;
    private final int reclusterEvery;
    private final TrackingConventions conventions;

    private GeometrySetAnalysis(Builder b) {
        this.geometry = GeometryAnalysis.builder().optParallelism(b.parallelism).build();
        // the published geometry has no inside distances: not computed at every checkpoint
        this.tracking = LabelTracking.of(PairCertifier.create(), b.parallelism).withoutInsideDistances();
        this.sample = b.sample;
        this.mode = b.mode;
        this.reclusterEvery = b.reclusterEvery;
        this.conventions = b.conventions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; all values optional. */
    public static final class Builder {
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private PerLabelSample sample;
        private TrackingMode mode = TrackingMode.LABELS;
        private int reclusterEvery = DEFAULT_RECLUSTER_EVERY;
        private TrackingConventions conventions = TrackingConventions.STRICT;

        private Builder() {}

        /**
         * Analyse a seeded sample of at most this many points of each label instead of the whole set
         * ({@link PerLabelSample}); default: the whole set.
         */
        public Builder optSample(PerLabelSample sample) {
            this.sample = sample;
            return this;
        }

        /** Threads for one set's DirectProbe or tracking; default the number of cores. */
        public Builder optParallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** How the sets of a run are followed; default {@link TrackingMode#LABELS}. */
        public Builder optTracking(TrackingMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Under {@link TrackingMode#LABELS}, DirectProbe also clusters every K-th step (besides step 0 and the last);
         * default {@value #DEFAULT_RECLUSTER_EVERY}: only the first and the last.
         */
        public Builder optReclusterEvery(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("--recluster-every must be >= 0, got " + k);
            }
            this.reclusterEvery = k;
            return this;
        }

        /** How label tracking writes what cannot be computed; default {@link TrackingConventions#STRICT}. */
        public Builder optConventions(TrackingConventions conventions) {
            this.conventions = Objects.requireNonNull(conventions, "conventions");
            return this;
        }

        public GeometrySetAnalysis build() {
            return new GeometrySetAnalysis(this);
        }
    }

    /** The set as if nothing were known of its run (its last step unknown, no warm starts). */
    @Override
    public SetGeometry analyse(AssembledSet set) {
        return analyse(set, new Checkpoint(Checkpoint.UNKNOWN, Map.of())).geometry();
    }

    @Override
    public Analysed analyse(AssembledSet set, Checkpoint checkpoint) {
        SetPoints all = SetPoints.of(set);
        SetPoints points = sample == null ? all : new SetPoints(sample.of(all.points(), set.exampleIds()), all.ids());
        SetGeometry.Sample used =
                sample == null ? null : new SetGeometry.Sample(sample.maxPerLabel(), sample.seed(), set.size());
        long step = set.id().step();
        if (mode == TrackingMode.CLUSTERS) {
            GeometryResult r = geometry.analyze(points.points(), points.ids()).result();
            return new Analysed(record(set, points.points(), r, used, SetGeometry.DIRECTPROBE, null), null);
        }
        boolean recluster = reclusters(step, checkpoint);
        GeometryResult clustered =
                recluster ? geometry.analyze(points.points(), points.ids()).result() : null;
        SetPoints tracked = conventions == TrackingConventions.ORIGINAL ? points.withFullLabelSet(set) : points;
        LabelledPoints p = tracked.points();
        TrackingResult t = tracking.track(p, TrackedPartition.oneClusterPerLabel(p), checkpoint.previous());
        GeometryResult r = TrackedGeometry.of(t, tracked, conventions, clustered);
        SetGeometry g =
                record(set, p, r, used, SetGeometry.TRACKING, TrackedGeometry.summary(t, conventions, recluster));
        return new Analysed(g, t.supports());
    }

    /** Whether the sets are followed by label tracking ({@link TrackingMode#LABELS}). */
    public boolean tracks() {
        return mode == TrackingMode.LABELS;
    }

    /** Whether DirectProbe clusters the set at this step: step 0, the run's last step, every K-th. */
    boolean reclusters(long step, Checkpoint checkpoint) {
        return step == AnalyzerSettings.BASELINE_STEP
                || (checkpoint.lastStepKnown() && step == checkpoint.lastStep())
                || (reclusterEvery > 0 && step % reclusterEvery == 0);
    }

    private static SetGeometry record(
            AssembledSet set,
            LabelledPoints analysed,
            GeometryResult r,
            SetGeometry.Sample used,
            String method,
            SetGeometry.Tracking tracking) {
        return new SetGeometry(
                set.id().runId(),
                set.id().step(),
                set.id().probeTask(),
                set.id().split(),
                set.id().layer(),
                analysed.size(),
                set.dim(),
                set.sha256(),
                r,
                used,
                method,
                tracking);
    }
}
