package dev.ftprobe.events;

/**
 * How a run is fine-tuned (METHOD §2): the settings given to the trainer and those derived from them and the data, so
 * that a reader of the manifest needs no trainer code to know what was done. Part of {@link RunManifest}; its canonical
 * text (for run ids and comparisons) is {@link SettingsEncoding}.
 *
 * @param epochs passes over the training sentences (10, or 3 for BERT base)
 * @param maxSteps the most updates the run makes, the schedule spanning them; 0 for no limit
 * @param learningRate the peak learning rate, reached at the end of the warm-up
 * @param batchSize training sentences per update
 * @param warmupShare the share of the updates spent warming up, in [0, 1)
 * @param warmupSteps the warm-up in updates: {@code floor(warmupShare * totalSteps)}
 * @param totalSteps the updates of the whole run (epochs times steps per epoch, capped by {@code maxSteps})
 * @param stepsPerEpoch updates per pass over the training sentences
 * @param maxSeqLen subwords per training sentence, [CLS] and [SEP] included (capped by the model's positions)
 * @param checkpointEvery a checkpoint every this many updates (besides step 0 and the last step)
 * @param optimizer the optimizer and its constants, e.g. {@code adam(0.9,0.999,1e-8)}
 * @param schedule the learning-rate schedule, e.g. {@code linear-warmup-decay}
 * @param vocabulary the vocabulary: sha256 (hex) of the vocab.txt of a {@code random:} model, or {@code model} when the
 *     model brings its own
 * @param maxGradNorm the global gradient norm clipped to before each update (HF's {@code max_grad_norm}); 0 for none
 * @param hiddenDropout HF's {@code hidden_dropout_prob} in training (also the classifier's dropout); 0 for none
 * @param attentionDropout HF's {@code attention_probs_dropout_prob} in training; 0 for none
 * @param wordPooling how a word head pools a word's subwords: {@code mean} or {@code first}
 * @param cutExamples training examples left out of the loss because their words lie beyond {@code maxSeqLen}
 */
public record TrainingSettings(
        int epochs,
        long maxSteps,
        double learningRate,
        int batchSize,
        double warmupShare,
        int warmupSteps,
        int totalSteps,
        int stepsPerEpoch,
        int maxSeqLen,
        int checkpointEvery,
        String optimizer,
        String schedule,
        String vocabulary,
        double maxGradNorm,
        double hiddenDropout,
        double attentionDropout,
        String wordPooling,
        int cutExamples) {

    /** The recipe of runs before these settings existed: no clipping, no dropout, mean word pooling. */
    public static final double LEGACY_MAX_GRAD_NORM = 0;

    public static final double LEGACY_DROPOUT = 0;
    public static final String LEGACY_WORD_POOLING = "mean";

    public TrainingSettings {
        Fields.check(epochs >= 1, "epochs", "must be >= 1, was " + epochs);
        Fields.nonNegative(maxSteps, "maxSteps");
        Fields.check(
                learningRate > 0 && Double.isFinite(learningRate),
                "learningRate",
                "must be > 0 and finite, was " + learningRate);
        Fields.check(batchSize >= 1, "batchSize", "must be >= 1, was " + batchSize);
        Fields.check(warmupShare >= 0 && warmupShare < 1, "warmupShare", "must be in [0, 1), was " + warmupShare);
        Fields.nonNegative(warmupSteps, "warmupSteps");
        Fields.nonNegative(totalSteps, "totalSteps");
        Fields.check(stepsPerEpoch >= 1, "stepsPerEpoch", "must be >= 1, was " + stepsPerEpoch);
        Fields.check(maxSeqLen >= 3, "maxSeqLen", "must be >= 3, was " + maxSeqLen);
        Fields.check(checkpointEvery >= 1, "checkpointEvery", "must be >= 1, was " + checkpointEvery);
        Fields.text(optimizer, "optimizer");
        Fields.text(schedule, "schedule");
        Fields.text(vocabulary, "vocabulary");
        Fields.check(
                maxGradNorm >= 0 && Double.isFinite(maxGradNorm),
                "maxGradNorm",
                "must be >= 0 and finite, was " + maxGradNorm);
        Fields.check(
                hiddenDropout >= 0 && hiddenDropout < 1, "hiddenDropout", "must be in [0, 1), was " + hiddenDropout);
        Fields.check(
                attentionDropout >= 0 && attentionDropout < 1,
                "attentionDropout",
                "must be in [0, 1), was " + attentionDropout);
        Fields.check(
                "mean".equals(wordPooling) || "first".equals(wordPooling),
                "wordPooling",
                "must be mean or first, was " + wordPooling);
        Fields.nonNegative(cutExamples, "cutExamples");
    }

    /** Settings of the legacy recipe (no clipping, no dropout, mean pooling, nothing counted as cut). */
    public TrainingSettings(
            int epochs,
            long maxSteps,
            double learningRate,
            int batchSize,
            double warmupShare,
            int warmupSteps,
            int totalSteps,
            int stepsPerEpoch,
            int maxSeqLen,
            int checkpointEvery,
            String optimizer,
            String schedule,
            String vocabulary) {
        this(
                epochs,
                maxSteps,
                learningRate,
                batchSize,
                warmupShare,
                warmupSteps,
                totalSteps,
                stepsPerEpoch,
                maxSeqLen,
                checkpointEvery,
                optimizer,
                schedule,
                vocabulary,
                LEGACY_MAX_GRAD_NORM,
                LEGACY_DROPOUT,
                LEGACY_DROPOUT,
                LEGACY_WORD_POOLING,
                0);
    }
}
