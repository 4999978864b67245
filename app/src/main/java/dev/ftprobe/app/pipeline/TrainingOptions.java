package dev.ftprobe.app.pipeline;

import dev.ftprobe.trainer.Trainer;
import picocli.CommandLine.Option;

/**
 * The training options that {@code ftprobe trainer}, {@code ftprobe run} and {@code ftprobe reproduce} share, with the
 * trainer's defaults: how many epochs, how many sentences per step and subwords per sentence, and the seed. (The
 * training length in steps and the checkpoint interval are each command's own: their defaults differ.)
 */
public final class TrainingOptions {
    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Default: " + Trainer.DEFAULT_EPOCHS + ", " + Trainer.DEFAULT_EPOCHS_BASE + " for BERT base.")
    Integer epochs;

    @Option(
            names = "--batch",
            paramLabel = "B",
            defaultValue = "" + Trainer.DEFAULT_BATCH,
            description = "Sentences per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--max-seq-len",
            paramLabel = "L",
            defaultValue = "" + Trainer.DEFAULT_MAX_SEQ_LEN,
            description = "Subwords per training sentence (default ${DEFAULT-VALUE}).")
    int maxSeqLen;

    @Option(
            names = "--seed",
            defaultValue = "" + Trainer.DEFAULT_SEED,
            description = "Head initialisation and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    /** Sets these options on the builder, which checks them when it is built. */
    public Trainer.Builder apply(Trainer.Builder b) {
        b.optBatchSize(batch).optMaxSeqLen(maxSeqLen).optSeed(seed);
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        return b;
    }
}
