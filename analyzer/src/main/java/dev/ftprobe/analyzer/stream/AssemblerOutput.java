package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.events.DeadLetter;

/**
 * What the assembler forwards: the geometry of a complete set, a dead letter, or what became of a step's probe. Exactly
 * one is set.
 */
record AssemblerOutput(SetGeometry geometry, DeadLetter deadLetter, ProbeOutcome probe) {
    static AssemblerOutput of(SetGeometry g) {
        return new AssemblerOutput(g, null, null);
    }

    static AssemblerOutput of(DeadLetter d) {
        return new AssemblerOutput(null, d, null);
    }

    static AssemblerOutput of(ProbeOutcome p) {
        return new AssemblerOutput(null, null, p);
    }

    boolean isGeometry() {
        return geometry != null;
    }

    boolean isDeadLetter() {
        return deadLetter != null;
    }

    boolean isProbe() {
        return probe != null;
    }
}
