package dev.ftprobe.app.analyzer;

import dev.ftprobe.geometry.PerLabelSample;
import picocli.CommandLine.Option;

/** The analyzer's optional per-label sample ({@link PerLabelSample}); shared by analyzer, replay and run. */
public final class SampleOptions {
    public static final long DEFAULT_SEED = 42;

    @Option(
            names = "--sample-per-label",
            paramLabel = "N",
            description = "Analyse a seeded sample of at most N points of each label per set, the same examples at "
                    + "every step, instead of every point: bounds the analysis time on a small machine. The "
                    + "retained embeddings keep every point for a full replay. Cluster counts of a sample are "
                    + "not comparable with the full set's. Default: every point.")
    Integer perLabel;

    @Option(
            names = "--sample-seed",
            paramLabel = "S",
            description = "Seed of that sample. Default: " + DEFAULT_SEED + ".")
    Long seed;

    /** The sample these options ask for, or null for every point. */
    public PerLabelSample sample() {
        return sample(perLabel, seed);
    }

    /** The sample of these values, or null when {@code perLabel} is null; names the flag when a value is wrong. */
    static PerLabelSample sample(Integer perLabel, Long seed) {
        if (perLabel == null) {
            if (seed != null) {
                throw new IllegalArgumentException("--sample-seed needs --sample-per-label");
            }
            return null;
        }
        if (perLabel < 1) {
            throw new IllegalArgumentException("--sample-per-label must be at least 1, got " + perLabel);
        }
        return new PerLabelSample(perLabel, seed == null ? DEFAULT_SEED : seed);
    }
}
