package dev.ftprobe.model.train;

import java.util.Objects;

/**
 * What HF's Trainer does around the optimizer step that the paper's runs depend on: global-norm gradient clipping
 * ({@code max_grad_norm}, 0 = off), the dropout of training (hidden, attention; the classifier's is the hidden one, as
 * in {@code BertFor*Classification} of transformers 4.2.1) with masks seeded from {@code seed} and the step, and how a
 * word head pools its subwords.
 */
public record FineTuningRecipe(
        double maxGradNorm, float hiddenDropout, float attentionDropout, WordPooling wordPooling, long seed) {
    /** HF Trainer's {@code max_grad_norm}. */
    public static final double HF_MAX_GRAD_NORM = 1.0;

    public FineTuningRecipe {
        if (!(maxGradNorm >= 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException("max gradient norm must be >= 0 and finite, was " + maxGradNorm);
        }
        for (float p : new float[] {hiddenDropout, attentionDropout}) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), was " + p);
            }
        }
        Objects.requireNonNull(wordPooling, "wordPooling");
    }

    /**
     * No clipping, no dropout, mean pooling: the recipe before issue 16, a step a pure function of weights and data.
     */
    public static FineTuningRecipe plain(long seed) {
        return new FineTuningRecipe(0, 0f, 0f, WordPooling.MEAN, seed);
    }

    /** The dropout of update {@code step} (0-based). */
    public Dropout dropout(long step) {
        return Dropout.training(hiddenDropout, attentionDropout, seed, step);
    }
}
