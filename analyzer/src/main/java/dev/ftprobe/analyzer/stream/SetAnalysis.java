package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;

/** Computes the geometry of a complete set. Must be deterministic: the same set gives an equal result. */
@FunctionalInterface
public interface SetAnalysis {
    /** @throws InvalidSetException when the set cannot be analysed (it is dead-lettered) */
    SetGeometry analyse(AssembledSet set);

    /**
     * The geometry of a set at its checkpoint, with what the analyzer knows of the run (its last step, the previous
     * step's supports). An analysis that needs neither, such as a DirectProbe of every set, keeps this default.
     *
     * @throws InvalidSetException when the set cannot be analysed (it is dead-lettered)
     */
    default Analysed analyse(AssembledSet set, Checkpoint checkpoint) {
        return new Analysed(analyse(set), null);
    }
}
