package dev.ftprobe.events;

import java.time.Instant;
import java.util.Map;

/**
 * A model checkpoint that the trainer has written durably. Published on the checkpoints topic, keyed by run id, only
 * after the file is in the checkpoint store. Encoded as JSON with a schema version ({@link #SCHEMA_VERSION}); schema 1
 * had no {@code evaluation}, and decoders still read it (as null).
 *
 * @param runId the run
 * @param step optimizer steps taken; 0 is the model before fine-tuning
 * @param epoch the epoch the step belongs to (0 for step 0)
 * @param trainingLoss the training loss at this step; absent for step 0
 * @param learningRate the learning rate at this step
 * @param checkpointUri where the checkpoint file is (e.g. a {@code file:} URI in the checkpoint store)
 * @param sha256 sha256 (hex) of the checkpoint file
 * @param sizeBytes size of the checkpoint file
 * @param createdAt when the checkpoint was written
 * @param evaluation the head's loss and accuracy at this checkpoint by split name ({@code test}, and {@code dev} where
 *     the task has one); absent in schema 1 and for runs that do not evaluate
 */
public record CheckpointEvent(
        String runId,
        long step,
        int epoch,
        @Nullable Double trainingLoss,
        double learningRate,
        String checkpointUri,
        String sha256,
        long sizeBytes,
        Instant createdAt,
        @Nullable Map<String, Evaluation> evaluation) {

    /** Version of the JSON schema written by this build; decoders read it and version 1. */
    public static final int SCHEMA_VERSION = 2;

    public CheckpointEvent {
        Fields.id(runId, "runId");
        Fields.nonNegative(step, "step");
        Fields.nonNegative(epoch, "epoch");
        if (trainingLoss != null) {
            Fields.finite(trainingLoss, "trainingLoss");
        }
        Fields.finite(learningRate, "learningRate");
        Fields.check(learningRate >= 0, "learningRate", "must be >= 0, was " + learningRate);
        Fields.text(checkpointUri, "checkpointUri");
        Fields.sha256(sha256, "sha256");
        Fields.nonNegative(sizeBytes, "sizeBytes");
        Fields.required(createdAt, "createdAt");
        if (evaluation != null) {
            evaluation = Fields.sortedMap(evaluation, "evaluation");
            for (Map.Entry<String, Evaluation> e : evaluation.entrySet()) {
                Fields.id(e.getKey(), "evaluation key");
                Fields.required(e.getValue(), "evaluation[" + e.getKey() + "]");
            }
        }
    }

    /** A checkpoint without evaluation (as schema 1 had). */
    public CheckpointEvent(
            String runId,
            long step,
            int epoch,
            Double trainingLoss,
            double learningRate,
            String checkpointUri,
            String sha256,
            long sizeBytes,
            Instant createdAt) {
        this(runId, step, epoch, trainingLoss, learningRate, checkpointUri, sha256, sizeBytes, createdAt, null);
    }
}
