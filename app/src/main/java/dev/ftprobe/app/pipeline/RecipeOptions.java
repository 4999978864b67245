package dev.ftprobe.app.pipeline;

import dev.ftprobe.model.train.WordPooling;
import dev.ftprobe.trainer.Trainer;
import picocli.CommandLine.Option;

/**
 * The fine-tuning recipe's options of {@code ftprobe trainer} and {@code ftprobe run}: HF's gradient clipping, the
 * dropout override and the word heads' subword pooling. {@link #apply} checks them first, so that a bad value is
 * refused before anything starts, naming its flag.
 */
public final class RecipeOptions {
    @Option(
            names = "--max-grad-norm",
            paramLabel = "X",
            defaultValue = "" + Trainer.DEFAULT_MAX_GRAD_NORM,
            description = "Clip all gradients together to this global norm before each update, as HF's "
                    + "max_grad_norm; 0 turns clipping off (default ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(
            names = "--dropout",
            paramLabel = "P",
            description = "Training dropout of hidden states, attention and the classifier, overriding the model's "
                    + "config (0.1 for every BERT preset); 0 turns it off. Never applied in extraction or evaluation.")
    Double dropout;

    @Option(
            names = "--word-pooling",
            paramLabel = "first|mean",
            defaultValue = "mean",
            description = "How a word task's head sees a word of several subwords: their mean (as the extracted "
                    + "representations, the paper's \"we average\") or the first (HF's BertForTokenClassification) "
                    + "(default ${DEFAULT-VALUE}).")
    String wordPooling;

    /**
     * Sets the recipe on the builder.
     *
     * @throws IllegalArgumentException naming the flag when a value is out of range or unknown
     */
    public Trainer.Builder apply(Trainer.Builder b) {
        if (!(maxGradNorm >= 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException(
                    "--max-grad-norm must be >= 0 (0 turns clipping off), got " + maxGradNorm);
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1) (0 turns it off), got " + dropout);
        }
        WordPooling pooling;
        try {
            pooling = WordPooling.parse(wordPooling);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--word-pooling: " + e.getMessage(), e);
        }
        b.optMaxGradNorm(maxGradNorm).optWordPooling(pooling);
        if (dropout != null) {
            b.optDropout(dropout);
        }
        return b;
    }
}
