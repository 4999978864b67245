package dev.ftprobe.analyzer.stream;

import dev.ftprobe.analyzer.results.SetGeometry;
import dev.ftprobe.events.DeadLetter;

/** What the assembler forwards: the geometry of a complete set, or a dead letter. Exactly one is set. */
record AssemblerOutput(SetGeometry geometry, DeadLetter deadLetter) {
    static AssemblerOutput of(SetGeometry g) {
        return new AssemblerOutput(g, null);
    }

    static AssemblerOutput of(DeadLetter d) {
        return new AssemblerOutput(null, d);
    }

    boolean isGeometry() {
        return geometry != null;
    }
}
