package dev.ftprobe.app.analyzer;

import dev.ftprobe.analyzer.stream.Analyzer;
import dev.ftprobe.analyzer.stream.AnalyzerSettings;
import dev.ftprobe.analyzer.stream.ProbeLayers;
import dev.ftprobe.analyzer.stream.ProbeSteps;
import dev.ftprobe.probe.ProbeGrid;
import picocli.CommandLine.Option;

/** Where the analyzer runs the classifier probe and DirectProbe's accuracy; shared by analyzer, replay and run. */
public final class ProbeOptions {
    @Option(
            names = "--probe-steps",
            paramLabel = "first,last|all|every:K|none",
            description = "The checkpoints where the classifier probe (the MLP grid, then the best setting 5 times) "
                    + "and DirectProbe's accuracy run, trained on the train split, scored on the test split: "
                    + "first,last (step 0 and the run's last), all, every:K (the steps divisible by K, and the "
                    + "last), none. Default: " + ProbeSteps.DEFAULT + ".")
    String steps;

    @Option(
            names = "--probe-layers",
            paramLabel = "last|all|L1,L2",
            description = "The layers probed: last (the run's last analysed layer), all, or a list. Default: "
                    + ProbeLayers.DEFAULT + ".")
    String layers;

    @Option(
            names = "--probe-grid",
            paramLabel = "paper|small|SHAPES/ALPHAS",
            description = "The probe's grid: paper (hidden sizes {32..256} x {32..256}, L2 weight 1e-7..1), small "
                    + "(2 x 2 settings) or one's own, such as 256x128,64x64/1e-4,1e-2. Default: "
                    + AnalyzerSettings.DEFAULT_PROBE_GRID + ".")
    String grid;

    /**
     * {@code builder} with these options (or the given texts, from a configuration) applied.
     *
     * @throws IllegalArgumentException naming the flag of a bad value
     */
    static Analyzer.Builder apply(Analyzer.Builder builder, String steps, String layers, String grid) {
        builder.optProbeSteps(ProbeSteps.parse(steps == null ? ProbeSteps.DEFAULT : steps));
        builder.optProbeLayers(ProbeLayers.parse(layers == null ? ProbeLayers.DEFAULT : layers));
        try {
            return builder.optProbeGrid(ProbeGrid.parse(grid == null ? AnalyzerSettings.DEFAULT_PROBE_GRID : grid));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--probe-grid: " + e.getMessage(), e);
        }
    }

    /** {@code builder} with these options applied. */
    public Analyzer.Builder apply(Analyzer.Builder builder) {
        return apply(builder, steps, layers, grid);
    }
}
