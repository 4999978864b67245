package dev.ftprobe.app.deploy;

import java.util.List;

/**
 * How many {@code ftprobe_*} series the analyzer exports for one run of one probe task, from its metric families and
 * their label sets ({@code AnalyzerMetrics}): per set (layer and split) the gauges {@code step}, {@code clusters},
 * {@code set_points}, {@code undecided_pairs}, {@code similarity_to_original}, {@code mean_min_distance}, the timer
 * {@code set_analysis_seconds} ({@code _count}, {@code _sum}, {@code _max}) and one {@code label_min_distance} per
 * label; per layer {@code train_test_similarity} and its {@code _baseline}; per probed layer {@code probe_accuracy} of
 * two kinds; per analysis four counters. Labels appear one at a time, never in pairs: the largest family grows with the
 * labels, not with their square (DEP's 1,035 label pairs would be 1,035 series per set).
 */
final class SeriesBudget {
    static final int PER_SET = 6 + 3;
    static final int PER_LAYER = 2;
    static final int PER_PROBED_LAYER = 2;
    static final int PER_ANALYSIS = 4;

    private SeriesBudget() {}

    /**
     * The analyzer's series for {@code layers} layers whose sets have {@code labelsPerSplit} labels with a minimum
     * distance (one entry per split), with {@code probedLayers} layers probed.
     */
    static int analyzer(int layers, List<Integer> labelsPerSplit, int probedLayers) {
        int perLayer = PER_LAYER;
        for (int labels : labelsPerSplit) {
            perLayer += PER_SET + labels;
        }
        return layers * perLayer + probedLayers * PER_PROBED_LAYER + PER_ANALYSIS;
    }
}
