package dev.ftprobe.events;

/**
 * The fine-tuned head's performance on one split at a checkpoint, in inference mode (no dropout).
 *
 * @param loss the mean cross-entropy over the split's examples
 * @param accuracy the share of examples whose most probable label is theirs, in [0, 1]
 * @param examples the examples evaluated (those within the training length rule)
 */
public record Evaluation(double loss, double accuracy, int examples) {
    public Evaluation {
        Fields.finite(loss, "loss");
        Fields.check(loss >= 0, "loss", "must be >= 0, was " + loss);
        Fields.check(accuracy >= 0 && accuracy <= 1, "accuracy", "must be in [0, 1], was " + accuracy);
        Fields.check(examples >= 1, "examples", "must be >= 1, was " + examples);
    }
}
