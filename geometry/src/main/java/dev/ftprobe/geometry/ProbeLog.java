package dev.ftprobe.geometry;

import dev.ftprobe.geometry.DirectProbeClusters.PhaseTiming;
import java.util.ArrayList;
import java.util.List;

/** What a run reports besides its clusters: human-readable lines and the wall time of each phase. */
final class ProbeLog {
    private final List<String> lines = new ArrayList<>();
    private final List<PhaseTiming> timings = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    /** Records the phase as lasting from {@code since} until now; returns now, the next phase's start. */
    long lap(String phase, long since) {
        long now = System.nanoTime();
        timings.add(new PhaseTiming(phase, (now - since) / 1_000_000));
        return now;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<PhaseTiming> timings() {
        return List.copyOf(timings);
    }
}
