package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;

/** Computes the geometry of a complete set. Must be deterministic: the same set gives an equal result. */
@FunctionalInterface
public interface SetAnalysis {
    /** @throws InvalidSetException when the set cannot be analysed (it is dead-lettered) */
    SetGeometry analyse(AssembledSet set);
}
