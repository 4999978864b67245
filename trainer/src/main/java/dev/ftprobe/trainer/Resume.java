package dev.ftprobe.trainer;

import dev.ftprobe.events.CheckpointEvent;
import dev.ftprobe.events.RunManifest;
import dev.ftprobe.events.topics.RunLog;
import dev.ftprobe.model.BertModel;
import dev.ftprobe.model.checkpoint.Checkpoint;
import dev.ftprobe.model.checkpoint.CheckpointStore;
import dev.ftprobe.model.checkpoint.Tensor;
import dev.ftprobe.model.train.FineTuner;
import dev.ftprobe.model.train.TaskHead;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run stands on the log before training: new, or existing with the same configuration (any other is refused)
 * and these checkpoints published. An existing run continues from its last checkpoint: its weights and head, Adam's
 * moments and update count and the data order's position saved with it ({@link TrainingStates}), and the schedule and
 * dropout masks at its step, so that it goes on exactly as if it had not stopped.
 */
final class Resume {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the service's log category

    private final String runId;
    private final boolean exists;
    private final List<CheckpointEvent> published;

    private Resume(String runId, boolean exists, List<CheckpointEvent> published) {
        this.runId = runId;
        this.exists = exists;
        this.published = published;
    }

    /**
     * Reads the run's manifest and checkpoints from the log.
     *
     * @throws RunConflictException when the run id has a manifest of another configuration
     */
    static Resume find(String bootstrap, RunManifest manifest) {
        String runId = manifest.runId();
        Optional<RunManifest> existing = RunLog.manifest(bootstrap, runId);
        if (existing.isEmpty()) {
            return new Resume(runId, false, List.of());
        }
        List<String> diff = ManifestDifferences.of(existing.get(), manifest);
        if (!diff.isEmpty()) {
            throw new RunConflictException(runId, diff);
        }
        List<CheckpointEvent> done = RunLog.checkpoints(bootstrap, runId);
        LOG.info(
                "run {} exists; {} checkpoint(s) published, last step {}",
                runId,
                done.size(),
                done.isEmpty() ? "none" : done.get(done.size() - 1).step());
        return new Resume(runId, true, done);
    }

    /** Whether the run already has a manifest (then it is not published again). */
    boolean exists() {
        return exists;
    }

    /** The checkpoints published before, in order. */
    List<CheckpointEvent> published() {
        return published;
    }

    /** Whether the last step of the run is published already. */
    boolean complete(int totalSteps) {
        return !published.isEmpty() && last().step() == totalSteps;
    }

    /** Whether training continues from a checkpoint after step 0 (else it starts at step 0 from the initial model). */
    boolean resumes() {
        return !published.isEmpty() && last().step() > 0;
    }

    /** The step training continues from. */
    int startStep() {
        return resumes() ? (int) last().step() : 0;
    }

    /** The model to train on: the last checkpoint's when resuming (the caller closes it), else {@code initial}. */
    BertModel model(BertModel initial, int totalSteps) {
        if (!resumes()) {
            return initial;
        }
        CheckpointEvent last = last();
        if (last.step() > totalSteps) {
            throw new IllegalStateException("run " + runId + " has a checkpoint at step " + last.step() + " beyond its "
                    + totalSteps + " steps");
        }
        Checkpoint c = CheckpointStore.read(URI.create(last.checkpointUri()), last.sha256(), last.sizeBytes());
        BertModel model = BertModel.of(c);
        LOG.info("run {}: resuming from step {} ({})", runId, last.step(), last.checkpointUri());
        return model;
    }

    /** Sets the head's weights to the resumed checkpoint's (kept in {@code model}'s extra tensors). */
    void restoreHead(TaskHead head, BertModel model) {
        Map<String, Tensor> tensors = model.extraTensors();
        Tensor w = tensors.get(TaskHead.WEIGHT);
        Tensor bias = tensors.get(TaskHead.BIAS);
        if (w == null || bias == null) {
            throw new IllegalStateException("run " + runId + ": the checkpoint to resume from has no " + TaskHead.WEIGHT
                    + " / " + TaskHead.BIAS);
        }
        if (!Arrays.equals(w.shape(), head.weight().getShape().getShape())) {
            throw new IllegalStateException("run " + runId + ": checkpoint head " + w.shapeString()
                    + " does not fit this task's head " + head.weight().getShape());
        }
        head.weight().set(w.data());
        head.bias().set(bias.data());
    }

    /**
     * The optimizer state saved with the checkpoint resumed from; null when starting at step 0. A checkpoint written
     * before states were kept has none: the run then continues with fresh moments, and says so.
     */
    FineTuner.State optimizerState(TrainingStates states, TrainingPlan plan) {
        if (!resumes()) {
            return null;
        }
        int step = startStep();
        var state = states.read(step, plan);
        if (state.isEmpty()) {
            LOG.warn(
                    "run {}: no training state for step {} ({} missing): Adam's moments start afresh, so later "
                            + "steps differ from an uninterrupted run's",
                    runId,
                    step,
                    states.file(step));
            return new FineTuner.State(step, Map.of());
        }
        return state.get();
    }

    private CheckpointEvent last() {
        return published.get(published.size() - 1);
    }
}
