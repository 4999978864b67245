package dev.ftprobe.analyzer.results;

import dev.ftprobe.events.Fields;
import dev.ftprobe.events.Nullable;
import dev.ftprobe.geometry.SetDynamics;
import java.util.Map;

/**
 * How one layer of one run has changed for one probe task at one step, relative to the baseline step (step 0, the model
 * before fine-tuning): METHOD.md §4-5. Published on {@code ftprobe.analysis.<id>.dynamics} keyed by
 * {@code run/probeTask/layer}, once the step's train and test sets (and the baseline's) have been analysed. JSON with
 * {@link #SCHEMA_VERSION}.
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
 * @param probe the classifier probe's and DirectProbe's accuracy at this step ({@code --probe-steps},
 *     {@code --probe-layers}); absent at other steps and layers, and where the probe could not take the sets (they are
 *     dead-lettered)
 */
public record StepDynamics(
        String runId,
        String probeTask,
        int layer,
        long step,
        long baselineStep,
        Map<String, SplitDynamics> splits,
        @Nullable Double trainTestSimilarity,
        @Nullable String trainTestSimilarityUndefined,
        @Nullable StepProbe probe) {

    /**
     * Version 2 added {@link SplitDynamics#sample}; version 3 holds each split's values as the geometry core's
     * {@link SetDynamics}, labels by id and name, where version 2 had maps keyed by the id's decimal text
     * ({@link LegacyStepDynamics}); version 4 added the nullable {@code probe} (version 3 is read without one).
     */
    public static final int SCHEMA_VERSION = 4;

    /** Dynamics without a probe. */
    public StepDynamics(
            String runId,
            String probeTask,
            int layer,
            long step,
            long baselineStep,
            Map<String, SplitDynamics> splits,
            Double trainTestSimilarity,
            String trainTestSimilarityUndefined) {
        this(
                runId,
                probeTask,
                layer,
                step,
                baselineStep,
                splits,
                trainTestSimilarity,
                trainTestSimilarityUndefined,
                null);
    }

    /** The same dynamics with this probe result. */
    public StepDynamics withProbe(StepProbe p) {
        return new StepDynamics(
                runId,
                probeTask,
                layer,
                step,
                baselineStep,
                splits,
                trainTestSimilarity,
                trainTestSimilarityUndefined,
                p);
    }

    public StepDynamics {
        Fields.id(runId, "runId");
        Fields.id(probeTask, "probeTask");
        Fields.nonNegative(layer, "layer");
        Fields.nonNegative(step, "step");
        Fields.nonNegative(baselineStep, "baselineStep");
        splits = Fields.sortedMap(splits, "splits");
        Fields.check(
                trainTestSimilarity == null || Double.isFinite(trainTestSimilarity),
                "trainTestSimilarity",
                "must be finite or absent");
        Fields.check(
                (trainTestSimilarity == null) != (trainTestSimilarityUndefined == null),
                "trainTestSimilarityUndefined",
                "is given exactly when trainTestSimilarity is absent");
    }

    public SeriesId series() {
        return new SeriesId(runId, probeTask, layer);
    }

    /**
     * One split's dynamics at a step.
     *
     * @param dynamics the geometry core's dynamics of the split's set against the baseline's
     * @param sample the per-label sample analysed at this step and the baseline (the same examples); absent when every
     *     point was analysed
     */
    public record SplitDynamics(
            SetDynamics dynamics, @Nullable SetGeometry.Sample sample) {
        public SplitDynamics {
            Fields.required(dynamics, "dynamics");
        }
    }
}
