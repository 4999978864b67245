package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import java.util.List;
import java.util.Map;

/**
 * How one layer of one run has changed for one probe task at one step, relative to the baseline step
 * (step 0, the model before fine-tuning): METHOD.md §4-5. Published on
 * {@code ftprobe.analysis.<id>.dynamics} keyed by {@code run/probeTask/layer}, once the step's train
 * and test sets (and the baseline's) have been analysed. JSON with {@link #SCHEMA_VERSION}.
 *
 * <p>A similarity is absent (not a number) when either side is not linearly separable; the matching
 * {@code ...Undefined} field then says why.
 *
 * @param runId the run
 * @param probeTask the probe task
 * @param layer the layer
 * @param step the step
 * @param baselineStep the step compared with (0)
 * @param splits the dynamics of each split (train and test)
 * @param trainTestSimilarity Pearson correlation of the train and test distance vectors at this step
 * @param trainTestSimilarityUndefined why {@code trainTestSimilarity} is absent
 */
public record StepDynamics(
        String runId,
        String probeTask,
        int layer,
        long step,
        long baselineStep,
        Map<String, SplitDynamics> splits,
        @Nullable Double trainTestSimilarity,
        @Nullable String trainTestSimilarityUndefined) {

    /** Version 2 added {@link SplitDynamics#sample}. */
    public static final int SCHEMA_VERSION = 2;

    public StepDynamics {
        Fields.id(runId, "runId");
        Fields.id(probeTask, "probeTask");
        Fields.nonNegative(layer, "layer");
        Fields.nonNegative(step, "step");
        Fields.nonNegative(baselineStep, "baselineStep");
        splits = Fields.sortedMap(splits, "splits");
        Fields.check(trainTestSimilarity == null || Double.isFinite(trainTestSimilarity), "trainTestSimilarity",
                "must be finite or absent");
        Fields.check((trainTestSimilarity == null) != (trainTestSimilarityUndefined == null),
                "trainTestSimilarityUndefined", "is given exactly when trainTestSimilarity is absent");
    }

    public SeriesId series() {
        return new SeriesId(runId, probeTask, layer);
    }

    /**
     * One split's dynamics at a step.
     *
     * @param clusters DirectProbe clusters at this step
     * @param labels labels present at this step
     * @param linear clusters = labels
     * @param labelMinDistance each label's minimum distance at this step
     * @param labelMinDistanceChange its change from the baseline (labels with both defined)
     * @param meanMinDistance the mean of {@code labelMinDistance}; absent when none is defined
     * @param similarityToBaseline Pearson of this step's and the baseline's distance vectors
     * @param similarityToBaselineUndefined why it is absent
     * @param centroidShift the norm of each label's centroid movement from the baseline
     * @param centroidMovement each label's centroid at this step minus at the baseline
     * @param sample the per-label sample analysed at this step and the baseline (the same examples);
     *     absent when every point was analysed
     */
    public record SplitDynamics(
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

        public SplitDynamics {
            labelMinDistance = Fields.sortedMap(labelMinDistance, "labelMinDistance");
            labelMinDistanceChange = Fields.sortedMap(labelMinDistanceChange, "labelMinDistanceChange");
            centroidShift = Fields.sortedMap(centroidShift, "centroidShift");
            centroidMovement = Fields.sortedMap(centroidMovement, "centroidMovement");
            Fields.check((similarityToBaseline == null) != (similarityToBaselineUndefined == null),
                    "similarityToBaselineUndefined", "is given exactly when similarityToBaseline is absent");
        }
    }
}
